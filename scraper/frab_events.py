"""What the frab XML and frab/pretalx JSON parsers share: the whole skeleton from a read document to a
ScheduleRecord, and one frab event as a PresentationRecord.

Both formats carry the same fields under the same names; each parser only reads its syntax into a
`FrabDocument` of `FrabEvent`s, and `frab_schedule` does the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from presentations.slugs import slugify
from scraper.export_checks import as_date, as_datetime, require_presentations, unique_presentations
from scraper.records import PresentationRecord, ScheduleRecord, ScheduleUnreadable
from scraper.text import parse_duration, plain_text
from scraper.zones import in_zone, known_zone, zone_from_offsets


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
    person_bios: tuple[tuple[str, str], ...] = ()  # (name, biography) where the export gives one
    url: str = ""
    do_not_record: bool | None = None
    day: date | None = None
    day_start: datetime | None = None  # when the conference day begins; earlier times are after midnight


@dataclass(frozen=True)
class FrabDocument:
    """A frab export as read, before any rule is applied: the conference's fields and its events."""

    acronym: str
    title: str
    time_zone_name: str
    start: str
    end: str
    events: list[FrabEvent]
    day_dates: list[str] = field(default_factory=list)
    day_starts: list[str] = field(default_factory=list)
    rooms: list[str] = field(default_factory=list)  # as the days declare them, in order
    acronym_field: str = "acronym"  # how the format names it, for the error when it is missing


def frab_schedule(document: FrabDocument, *, source_url: str, slug: str | None) -> ScheduleRecord:
    """The schedule of a read frab document: zone, records, checks, slug and dates."""
    moments = [as_datetime(value) for value in [*document.day_starts, *(event.date for event in document.events)]]
    zone = known_zone(document.time_zone_name) or zone_from_offsets(filter(None, moments))
    failures: list[str] = []
    records = [event_record(event, zone=zone, failures=failures) for event in document.events]
    presentations = unique_presentations([record for record in records if record], failures)
    require_presentations(presentations, failures)
    slug = slug or slugify(document.acronym)
    if not slug:
        raise ScheduleUnreadable(f"the schedule has no {document.acronym_field}: pass --slug")
    days = [day for day in map(as_date, document.day_dates) if day]
    return ScheduleRecord(
        slug=slug,
        name=document.title.strip() or slug,
        timezone=zone,
        source_url=source_url,
        presentations=presentations,
        failures=failures,
        start=as_date(document.start) or min(days, default=None),
        end=as_date(document.end) or max(days, default=None),
        rooms=list(dict.fromkeys(name.strip() for name in document.rooms if name and name.strip())),
        speaker_bios=_bios(document.events),
    )


def _bios(events: list[FrabEvent]) -> dict[str, str]:
    """Persons' biographies (pretalx writes Markdown-ish text, some exports HTML) as plain text, by name."""
    bios: dict[str, str] = {}
    for event in events:
        for name, biography in event.person_bios:
            if name.strip() and (text := plain_text(biography)):
                bios.setdefault(name.strip(), text)
    return bios


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
    moment = as_datetime(event.date)
    if moment is not None:
        return in_zone(moment, zone)
    # No readable date: fall back on day and start, which older exports always give.
    start = parse_duration(event.start)
    if event.day is None or start is None:
        return None
    moment = datetime.combine(event.day, time()) + start
    if event.day_start is not None and moment.time() < event.day_start.time():
        moment += timedelta(days=1)  # a 01:00 event on a day that starts 09:00 runs after midnight
    return in_zone(moment, zone)
