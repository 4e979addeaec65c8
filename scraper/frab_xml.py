"""Reads a frab/pentabarf schedule XML export (FOSDEM, CCC, pretalx's schedule.xml) into a ScheduleRecord;
`frab_events` does everything past reading the XML. libxml2 refuses documents nested past 256 levels."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from lxml import etree

from scraper.export_checks import as_date, as_datetime, check_size
from scraper.frab_events import FrabDocument, FrabEvent, frab_schedule
from scraper.records import ScheduleRecord, ScheduleUnreadable

# No DTDs, no entities, no network: an export is data, never instructions to fetch more.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)


def parse(data: bytes, *, source_url: str = "", slug: str | None = None) -> ScheduleRecord:
    root = _schedule_element(data)
    conference = root.find("conference")
    if conference is None:
        raise ScheduleUnreadable("not a frab schedule: no <conference> element")
    days = root.findall("day")
    document = FrabDocument(
        acronym=conference.findtext("acronym") or "",
        title=conference.findtext("title") or "",
        time_zone_name=conference.findtext("time_zone_name") or "",
        start=conference.findtext("start") or "",
        end=conference.findtext("end") or "",
        events=list(_events(root)),
        day_dates=[day.get("date") or "" for day in days],
        day_starts=[day.get("start") or "" for day in days],
        rooms=[room.get("name") or "" for day in days for room in day.findall("room")],
        acronym_field="<acronym>",
    )
    return frab_schedule(document, source_url=source_url, slug=slug)


def _schedule_element(data: bytes) -> etree._Element:
    if not data.strip():
        raise ScheduleUnreadable("the file is empty")
    check_size(len(data))
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise ScheduleUnreadable(f"not well-formed XML (truncated?): {error}") from error
    if root is None or root.tag != "schedule":
        tag = "nothing" if root is None else f"<{root.tag}>"
        raise ScheduleUnreadable(f"not a frab schedule: the document holds {tag}, not <schedule>")
    return root


def _events(root: etree._Element) -> Iterator[FrabEvent]:
    for day in root.findall("day"):
        day_date = as_date(day.get("date"))
        day_start = as_datetime(day.get("start"))
        for room in day.findall("room"):
            for event in room.findall("event"):
                yield _event(event, room.get("name") or "", day_date, day_start)


def _event(event: etree._Element, room: str, day: date | None, day_start: datetime | None) -> FrabEvent:
    def text(tag: str) -> str:
        return event.findtext(tag) or ""

    optout = event.findtext("recording/optout")
    return FrabEvent(
        id=event.get("id") or "",
        title=text("title"),
        date=text("date"),
        start=text("start"),
        duration=text("duration"),
        room=text("room") or room,
        track=text("track"),
        type=text("type"),
        language=text("language"),
        subtitle=text("subtitle"),
        abstract=text("abstract"),
        description=text("description"),
        persons=tuple(person.text or "" for person in event.findall("persons/person")),
        # An export that names the event's page at its origin (ours, C3VOC's merged schedules) means that one.
        url=text("origin_url") or text("url"),
        do_not_record=None if optout is None else optout.strip().lower() == "true",
        day=day,
        day_start=day_start,
    )
