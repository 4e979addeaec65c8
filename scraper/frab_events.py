"""One frab event as a PresentationRecord: what the frab XML and frab/pretalx JSON parsers share.

Both formats carry the same fields under the same names; each parser only reads its syntax into a FrabEvent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from scraper.records import PresentationRecord
from scraper.text import parse_duration, plain_text, slugify
from scraper.zones import in_zone


@dataclass(frozen=True)
class FrabEvent:
    id: str
    title: str
    date: str = ""  # ISO 8601 with offset, in newer exports
    start: str = ""  # "HH:MM" on the day, in older ones
    duration: str = ""  # "HH:MM"
    room: str = ""
    track: str = ""
    type: str = ""
    language: str = ""
    subtitle: str = ""
    abstract: str = ""  # the short text
    description: str = ""  # the long text
    persons: tuple[str, ...] = ()
    url: str = ""
    do_not_record: bool | None = None
    day: date | None = None
    day_start: datetime | None = None  # when the conference day begins; earlier times are after midnight


def event_record(event: FrabEvent, *, zone: str, failures: list[str]) -> PresentationRecord | None:
    """The record for `event`, or None (with a failure noted) when it has no id or no title."""
    if not event.id.strip() or not event.title.strip():
        failures.append(f"event without id or title skipped (id {event.id!r}, title {event.title!r})")
        return None
    start = _start(event, zone)
    duration = parse_duration(event.duration)
    if start is None:
        failures.append(f"event {event.id} {event.title!r}: no readable start time")
    return PresentationRecord(
        source_id=event.id.strip(),
        title=event.title.strip(),
        kind=slugify(event.type),
        speakers=tuple(name.strip() for name in event.persons if name.strip()),
        category=event.track.strip(),
        room=event.room.strip(),
        start=start,
        end=start + duration if start and duration is not None else None,
        description=_short_text(event),
        abstract=plain_text(event.description),
        url=event.url.strip(),
        language=event.language.strip(),
        recorded=None if event.do_not_record is None else not event.do_not_record,
    )


def _short_text(event: FrabEvent) -> str:
    # frab has no place for a subtitle but the title line; keep it visible above the abstract.
    parts = [plain_text(event.subtitle), plain_text(event.abstract)]
    return "\n\n".join(part for part in parts if part)


def _start(event: FrabEvent, zone: str) -> datetime | None:
    if event.date.strip():
        try:
            return in_zone(datetime.fromisoformat(event.date.strip()), zone)
        except ValueError:
            pass  # fall back on day and start, which older exports always give
    start = parse_duration(event.start)
    if event.day is None or start is None:
        return None
    moment = datetime.combine(event.day, time()) + start
    if event.day_start is not None and moment.time() < event.day_start.time():
        moment += timedelta(days=1)  # a 01:00 event on a day that starts 09:00 runs after midnight
    return in_zone(moment, zone)
