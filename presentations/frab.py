"""The schedule as frab/pentabarf `schedule.xml` and frab JSON, the formats offline schedule apps read
(Giggity, ConfClerk, EventFahrplan), recording tools and pretalx's importer too.

Both are checked in the tests against C3VOC's `schedule.xml.xsd` and `schema.json`. Choices where the
formats leave room (docs/feeds.md, "Exports"):
- `guid` is a UUID derived from the conference slug and the source's own id, the same identity as the
  iCalendar UID: it survives re-scrapes and a rebuilt database. `id` (required, a positive integer) is our
  own key, the one in `/talks/<id>/`.
- Presentations without a time (posters), cancelled ones, breaks and meals are left out: frab has no place
  for the first, no status for the second, and the apps show the third as talks.
- `abstract` is the short description, `description` the long abstract (frab's names are the other way
  round from ours); `url` is our talk page, `origin_url` and a link the conference site's page.
- Every day lists every room the conference declares, in its order, even when empty, like FOSDEM's own.

This module lays the schedule out and writes the JSON; `presentations.frab_xml` writes the XML.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from presentations import clock
from presentations.calendar import document_rows, event_uid
from presentations.links import web_address
from presentations.models import Conference, Presentation, SpeakerBio
from presentations.slugs import slugify

GENERATOR = "PyCon Guide"
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
# Our grid's row: what the apps use to lay their own grids out.
TIMESLOT = "00:05"
# Any UUID of our own: guids are UUID5s under it, so they are the same wherever they are computed.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/pyconguide/guid")
# XML 1.0 cannot hold these; imported texts can.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# C3VOC's time zone pattern; a zone it does not take is left out (readers then use the offsets).
_ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


def presentation_guid(presentation: Presentation) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, event_uid(presentation)))


def room_guid(conference: Conference, room: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"room:{conference.slug}:{room}"))


def export_presentations(conference: Conference):
    return document_rows(
        Presentation.objects.of(conference)
        .timed()
        .exclude(status=Presentation.Status.CANCELLED)
        .exclude(kind__in=Presentation.NON_INTEREST_KINDS)
    ).order_by("start", "room", "pk")


def acronym(conference: Conference) -> str:
    """The slug as both schemas take it: no hyphen after the first character ("pycon-2016" → "pycon_2016"),
    which the importer turns back into the same slug."""
    value = re.sub(r"[^a-z0-9_]", "_", conference.slug.lower())
    return value.ljust(4, "_")


def _title_slug(title: str) -> str:
    # Accents folded ("Réseau" → "reseau"), any other character a hyphen ("Corinna—Perl" → "corinna-perl").
    return slugify(title, length=50, unfoldable="hyphen") or "event"


def clean(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold."""
    return _CONTROL.sub("", text or "")


def _duration(presentation: Presentation) -> str:
    if presentation.end is None or presentation.end <= presentation.start:
        return "00:00"
    minutes = min(int((presentation.end - presentation.start).total_seconds() // 60), 99 * 60 + 59)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass
class Event:
    """One presentation with everything both formats write, computed once."""

    presentation: Presentation
    guid: str
    slug: str
    local_start: datetime
    duration: str
    page_url: str


@dataclass
class ExportDay:
    """A frab `<day>`: its index, its first start and last end, and its events by room."""

    index: int
    date: date
    start: datetime
    end: datetime
    rooms: dict[str, list[Event]]


@dataclass
class Schedule:
    conference: Conference
    version: str
    base_url: str
    days: list[ExportDay]
    tracks: list[str]
    rooms: list[str]
    bios: dict[str, str] = field(default_factory=dict)  # speaker name → bio, written as pretalx does


def schedule_of(conference: Conference, presentations: Iterable[Presentation], *, base_url: str) -> Schedule:
    """The schedule laid out by day and room. `base_url` ("https://host/") makes the talk pages absolute."""
    tz = conference.tzinfo
    presentations = list(presentations)
    rooms = list(dict.fromkeys([*conference.rooms, *(p.room for p in presentations)]))
    days: dict[date, ExportDay] = {}
    prefix = acronym(conference).replace("-", "_")
    for presentation in presentations:
        local = clock.local(presentation.start, tz)
        end = clock.local(presentation.end or presentation.start, tz)
        day = days.get(local.date())
        if day is None:
            day = days[local.date()] = ExportDay(0, local.date(), local, end, {room: [] for room in rooms})
        day.start, day.end = min(day.start, local), max(day.end, end)
        day.rooms[presentation.room].append(
            Event(
                presentation=presentation,
                guid=presentation_guid(presentation),
                slug=f"{prefix}-{presentation.pk}-{_title_slug(presentation.title)}",
                local_start=local,
                duration=_duration(presentation),
                page_url=f"{base_url.rstrip('/')}/talks/{presentation.pk}/",
            )
        )
    ordered = [days[key] for key in sorted(days)]
    for index, day in enumerate(ordered, start=1):
        day.index = index
    newest = max((p.updated for p in presentations), default=conference.updated)
    return Schedule(
        conference=conference,
        version=max(newest, conference.updated).strftime("%Y-%m-%d %H:%M:%S"),
        base_url=base_url,
        days=ordered,
        tracks=sorted({p.category for p in presentations if p.category}, key=str.casefold),
        rooms=rooms,
        bios=dict(SpeakerBio.objects.filter(conference=conference).values_list("name", "bio")),
    )


def conference_dates(schedule: Schedule) -> tuple[date | None, date | None]:
    conference = schedule.conference
    first = conference.start_date or (schedule.days[0].date if schedule.days else None)
    last = conference.end_date or (schedule.days[-1].date if schedule.days else None) or first
    return first, last


def _json_event(event: Event, bios: dict[str, str]) -> dict:
    p = event.presentation
    end = clock.local(p.end, p.conference) if p.end else event.local_start
    return {
        "guid": event.guid,
        "id": p.pk,
        "date": event.local_start.isoformat(),
        "start": event.local_start.strftime("%H:%M"),
        "end": max(end, event.local_start).isoformat(),
        "duration": event.duration,
        "room": p.room,
        "slug": event.slug,
        "url": event.page_url,
        "title": clean(p.title),
        "subtitle": "",
        "track": clean(p.category) or None,
        "type": p.kind,
        "language": p.language or None,
        "abstract": clean(p.description),
        "description": clean(p.abstract),
        "do_not_record": None if p.recorded is None else not p.recorded,
        "persons": [_person(name, bios.get(name)) for name in p.speakers],
        "links": [{"url": p.url, "title": "On the conference site", "type": "web"}] if p.url else [],
        **({"origin_url": p.url} if p.url else {}),
    }


def _person(name: str, bio: str | None) -> dict:
    # pretalx's shape (C3VOC's PretalxPerson), which carries a biography; frab's has none.
    return {"name": clean(name), **({"biography": clean(bio)} if bio else {})}


def schedule_json(schedule: Schedule) -> bytes:
    conference = schedule.conference
    first, last = conference_dates(schedule)
    head = {
        "acronym": acronym(conference),
        "title": clean(conference.name),
        "start": first.isoformat() if first else "",
        "end": last.isoformat() if last else "",
        "daysCount": len(schedule.days),
        "timeslot_duration": TIMESLOT,
        # The conference's own site when it was read from one (an import may name a local file).
        "url": web_address(conference.source_url) or f"{schedule.base_url.rstrip('/')}/{conference.slug}/",
        "tracks": [{"name": track, **_track_slug(track)} for track in schedule.tracks],
        "rooms": [{"name": room, "guid": room_guid(conference, room)} for room in schedule.rooms],
        "days": [
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "day_start": day.start.isoformat(),
                "day_end": day.end.isoformat(),
                "rooms": {
                    room: [_json_event(event, schedule.bios) for event in events] for room, events in day.rooms.items()
                },
            }
            for day in schedule.days
        ],
    }
    if _ZONE_NAME.search(conference.timezone):
        head["time_zone_name"] = conference.timezone
    document = {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR},
        "schedule": {"version": schedule.version, "base_url": schedule.base_url, "conference": head},
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _track_slug(track: str) -> dict[str, str]:
    slug = slugify(track, unfoldable="hyphen")
    return {"slug": slug} if re.fullmatch(r"[a-z0-9_-]+[a-z0-9]", slug) else {}
