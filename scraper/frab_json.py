"""Reads a frab/pretalx schedule JSON export (c3voc schema: schedule → conference → days → rooms) into a
ScheduleRecord."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from scraper.export_checks import load_json, require_presentations, unique_presentations
from scraper.frab_events import FrabEvent, event_record
from scraper.records import ScheduleRecord, ScheduleUnreadable
from scraper.text import slugify
from scraper.zones import known_zone, zone_from_offsets


def parse(data: bytes, *, source_url: str = "", slug: str | None = None) -> ScheduleRecord:
    conference = _conference(load_json(data))
    days = [day for day in conference.get("days") or [] if isinstance(day, dict)]
    events = list(_events(days))
    zone = known_zone(_text(conference.get("time_zone_name"))) or zone_from_offsets(_moments(days, events))
    failures: list[str] = []
    records = [event_record(event, zone=zone, failures=failures) for event in events]
    presentations = unique_presentations([record for record in records if record], failures)
    require_presentations(presentations, failures)
    slug = slug or slugify(_text(conference.get("acronym")))
    if not slug:
        raise ScheduleUnreadable("the schedule has no acronym: pass --slug")
    day_dates = [_date(day.get("date")) for day in days]
    return ScheduleRecord(
        slug=slug,
        name=_text(conference.get("title")).strip() or slug,
        timezone=zone,
        source_url=source_url,
        presentations=presentations,
        failures=failures,
        start=_date(conference.get("start")) or min(filter(None, day_dates), default=None),
        end=_date(conference.get("end")) or max(filter(None, day_dates), default=None),
        rooms=_declared_rooms(days),
    )


def _declared_rooms(days: list[dict[str, Any]]) -> list[str]:
    """Every room the days list, in order, once."""
    names = (str(name).strip() for day in days if isinstance(day.get("rooms"), dict) for name in day["rooms"])
    return list(dict.fromkeys(name for name in names if name))


def _conference(document: Any) -> dict[str, Any]:
    schedule = document.get("schedule") if isinstance(document, dict) else None
    conference = schedule.get("conference") if isinstance(schedule, dict) else None
    if not isinstance(conference, dict):
        raise ScheduleUnreadable("not a frab/pretalx schedule: no schedule.conference object")
    if not isinstance(conference.get("days"), list):
        raise ScheduleUnreadable("not a frab/pretalx schedule: schedule.conference has no list of days")
    return conference


def _events(days: list[dict[str, Any]]) -> Iterator[FrabEvent]:
    for day in days:
        day_date = _date(day.get("date"))
        day_start = _datetime(day.get("day_start"))
        rooms = day.get("rooms")
        for room_name, room_events in rooms.items() if isinstance(rooms, dict) else []:
            for event in room_events if isinstance(room_events, list) else []:
                if isinstance(event, dict):
                    yield _event(event, str(room_name), day_date, day_start)


def _event(event: dict[str, Any], room: str, day: date | None, day_start: datetime | None) -> FrabEvent:
    do_not_record = event.get("do_not_record")
    return FrabEvent(
        # The numeric id is what frab and pretalx show in their URLs and the XML export; guid is newer.
        id=_text(event.get("id")),
        title=_text(event.get("title")),
        date=_text(event.get("date")),
        start=_text(event.get("start")),
        duration=_text(event.get("duration")),
        room=_text(event.get("room")) or room,
        track=_name(event.get("track")),
        type=_text(event.get("type")),
        language=_text(event.get("language")),
        subtitle=_text(event.get("subtitle")),
        abstract=_text(event.get("abstract")),
        description=_text(event.get("description")),
        persons=tuple(_name(person) for person in event.get("persons") or []),
        # An export that names the event's page at its origin (ours, C3VOC's merged schedules) means that one.
        url=_text(event.get("origin_url")) or _text(event.get("url")),
        do_not_record=do_not_record if isinstance(do_not_record, bool) else None,
        day=day,
        day_start=day_start,
    )


def _name(value: Any) -> str:
    """A person or track, written as a plain string or as an object with a name."""
    if isinstance(value, dict):
        return _text(value.get("public_name") or value.get("name") or value.get("full_public_name"))
    return _text(value)


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)


def _moments(days: list[dict[str, Any]], events: list[FrabEvent]) -> Iterator[datetime]:
    for day in days:
        if moment := _datetime(day.get("day_start")):
            yield moment
    for event in events:
        if moment := _datetime(event.date):
            yield moment


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(_text(value).strip()[:10])
    except ValueError:
        return None


def _datetime(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(_text(value).strip())
    except ValueError:
        return None
