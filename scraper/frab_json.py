"""Reads a frab/pretalx schedule JSON export (c3voc schema: schedule → conference → days → rooms) into a
ScheduleRecord; `frab_events` does everything past reading the JSON."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from scraper.export_checks import as_date, as_datetime, as_text, load_json
from scraper.frab_events import FrabDocument, FrabEvent, frab_schedule
from scraper.records import ScheduleRecord, ScheduleUnreadable


def parse(data: bytes, *, source_url: str = "", slug: str | None = None) -> ScheduleRecord:
    conference = _conference(load_json(data))
    days = [day for day in conference.get("days") or [] if isinstance(day, dict)]
    document = FrabDocument(
        acronym=as_text(conference.get("acronym")),
        title=as_text(conference.get("title")),
        time_zone_name=as_text(conference.get("time_zone_name")),
        start=as_text(conference.get("start")),
        end=as_text(conference.get("end")),
        events=list(_events(days)),
        day_dates=[as_text(day.get("date")) for day in days],
        day_starts=[as_text(day.get("day_start")) for day in days],
        rooms=[str(name) for day in days if isinstance(day.get("rooms"), dict) for name in day["rooms"]],
    )
    return frab_schedule(document, source_url=source_url, slug=slug)


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
        day_date = as_date(day.get("date"))
        day_start = as_datetime(day.get("day_start"))
        rooms = day.get("rooms")
        for room_name, room_events in rooms.items() if isinstance(rooms, dict) else []:
            for event in room_events if isinstance(room_events, list) else []:
                if isinstance(event, dict):
                    yield _event(event, str(room_name), day_date, day_start)


def _event(event: dict[str, Any], room: str, day: date | None, day_start: datetime | None) -> FrabEvent:
    do_not_record = event.get("do_not_record")
    return FrabEvent(
        # The numeric id is what frab and pretalx show in their URLs and the XML export; guid is newer.
        id=as_text(event.get("id")),
        title=as_text(event.get("title")),
        date=as_text(event.get("date")),
        start=as_text(event.get("start")),
        duration=as_text(event.get("duration")),
        room=as_text(event.get("room")) or room,
        track=_name(event.get("track")),
        type=as_text(event.get("type")),
        language=as_text(event.get("language")),
        subtitle=as_text(event.get("subtitle")),
        abstract=as_text(event.get("abstract")),
        description=as_text(event.get("description")),
        persons=tuple(_name(person) for person in event.get("persons") or []),
        person_bios=tuple(
            (_name(person), as_text(person.get("biography")))
            for person in event.get("persons") or []
            if isinstance(person, dict) and person.get("biography")
        ),
        # An export that names the event's page at its origin (ours, C3VOC's merged schedules) means that one.
        url=as_text(event.get("origin_url")) or as_text(event.get("url")),
        do_not_record=do_not_record if isinstance(do_not_record, bool) else None,
        day=day,
        day_start=day_start,
    )


def _name(value: Any) -> str:
    """A person or track, written as a plain string or as an object with a name."""
    if isinstance(value, dict):
        return as_text(value.get("public_name") or value.get("name") or value.get("full_public_name"))
    return as_text(value)
