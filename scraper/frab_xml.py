"""Reads a frab/pentabarf schedule XML export (FOSDEM, CCC, pretalx's schedule.xml) into a ScheduleRecord."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from lxml import etree

from scraper.export_checks import require_presentations, unique_presentations
from scraper.frab_events import FrabEvent, event_record
from scraper.records import ScheduleRecord, ScheduleUnreadable
from scraper.text import slugify
from scraper.zones import known_zone, zone_from_offsets

# No DTDs, no entities, no network: an export is data, never instructions to fetch more.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)


def parse(data: bytes, *, source_url: str = "", slug: str | None = None) -> ScheduleRecord:
    root = _schedule_element(data)
    conference = root.find("conference")
    if conference is None:
        raise ScheduleUnreadable("not a frab schedule: no <conference> element")
    events = list(_events(root))
    zone = known_zone(conference.findtext("time_zone_name")) or zone_from_offsets(_moments(root, events))
    failures: list[str] = []
    records = [event_record(event, zone=zone, failures=failures) for event in events]
    presentations = unique_presentations([record for record in records if record], failures)
    require_presentations(presentations, failures)
    slug = slug or slugify(conference.findtext("acronym") or "")
    if not slug:
        raise ScheduleUnreadable("the schedule has no <acronym>: pass --slug")
    days = [_date(day.get("date")) for day in root.findall("day")]
    return ScheduleRecord(
        slug=slug,
        name=(conference.findtext("title") or "").strip() or slug,
        timezone=zone,
        source_url=source_url,
        presentations=presentations,
        failures=failures,
        start=_date(conference.findtext("start")) or min(filter(None, days), default=None),
        end=_date(conference.findtext("end")) or max(filter(None, days), default=None),
        rooms=_declared_rooms(root),
    )


def _declared_rooms(root: etree._Element) -> list[str]:
    """Every room the days declare, in order, once: events use only some of them on some days."""
    names = (room.get("name") or "" for day in root.findall("day") for room in day.findall("room"))
    return list(dict.fromkeys(name.strip() for name in names if name and name.strip()))


def _schedule_element(data: bytes) -> etree._Element:
    if not data.strip():
        raise ScheduleUnreadable("the file is empty")
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
        day_date = _date(day.get("date"))
        day_start = _datetime(day.get("start"))
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


def _moments(root: etree._Element, events: list[FrabEvent]) -> Iterator[datetime]:
    for day in root.findall("day"):
        if moment := _datetime(day.get("start")):
            yield moment
    for event in events:
        if moment := _datetime(event.date):
            yield moment


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None


def _datetime(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
