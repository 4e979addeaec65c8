"""Reads Symposion's own schedule export (PyCon US `/<year>/schedule/conference.json`) into a ScheduleRecord.

Each entry is a schedule slot. A slot holding a presentation carries `conf_url` (…/presentation/<id>/); its
source_id is that presentation id, the same id the page scraper reads, because `conf_key` is only the slot's
id and changes when a talk moves. Slots without a presentation (breaks, plenaries, summits) keep
`slot-<conf_key>`, prefixed so they can never collide with a presentation id. A poster session slot lists its
posters under `sessions`; each poster becomes a record of its own in the session's room and time.
"""

from __future__ import annotations

import html
import re
from typing import Any

from presentations.slugs import slugify
from scraper.export_checks import as_datetime, as_text, load_json, require_presentations, unique_presentations
from scraper.records import PresentationRecord, ScheduleRecord, ScheduleUnreadable
from scraper.text import looks_like_html, one_line, plain_text
from scraper.zones import in_zone, known_zone, zone_from_offsets

_PRESENTATION_URL = re.compile(r"/presentation/(\d+)/?$")
_PYCON_YEAR = re.compile(r"pycon[^/]*/(\d{4})/", re.IGNORECASE)
# PyCon's conference.json names its zone only in prose: "All times <code>US/Eastern</code>".
_ALL_TIMES_IN = re.compile(r"All times\W+([A-Za-z_]+/[A-Za-z_+-]+)")


def parse(data: bytes, *, source_url: str = "", slug: str | None = None) -> ScheduleRecord:
    document = load_json(data)
    entries = _entries(document)
    zone = _zone(document, entries)
    failures: list[str] = []
    records = [record for entry in entries for record in _records(entry, zone, failures)]
    presentations = unique_presentations(records, failures)
    require_presentations(presentations, failures)
    urls = [source_url, *(as_text(entry.get("conf_url")) for entry in entries)]
    slug = slug or _pycon_slug(urls)
    days = sorted(p.start.date() for p in presentations if p.start)
    return ScheduleRecord(
        slug=slug,
        name=_name(slug, urls),
        timezone=zone,
        source_url=source_url,
        presentations=presentations,
        failures=failures,
        start=days[0] if days else None,
        end=days[-1] if days else None,
        speaker_bios=_bios(entries),
    )


def _entries(document: Any) -> list[dict[str, Any]]:
    # Older exports are the bare list of slots; newer ones wrap it with conference content and sponsors.
    entries = document.get("schedule") if isinstance(document, dict) else document
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise ScheduleUnreadable("not a Symposion conference.json: no list of schedule entries")
    if entries and not any("kind" in entry and "start" in entry for entry in entries):
        raise ScheduleUnreadable("not a Symposion conference.json: entries have no kind and start")
    return entries


def _zone(document: Any, entries: list[dict[str, Any]]) -> str:
    conference = document.get("conference") if isinstance(document, dict) else None
    content = conference.get("content") if isinstance(conference, dict) else None
    for text in content.values() if isinstance(content, dict) else []:
        match = _ALL_TIMES_IN.search(plain_text(as_text(text)))
        if match and (zone := known_zone(match.group(1))):
            return zone
    return zone_from_offsets(filter(None, (as_datetime(entry.get("start")) for entry in entries)))


def _records(entry: dict[str, Any], zone: str, failures: list[str]) -> list[PresentationRecord]:
    slot = _presentation(entry, entry, zone, failures)
    sessions = [session for session in entry.get("sessions") or [] if isinstance(session, dict)]
    return [record for record in [slot, *(_presentation(s, entry, zone, failures) for s in sessions)] if record]


def _presentation(
    item: dict[str, Any], slot: dict[str, Any], zone: str, failures: list[str]
) -> PresentationRecord | None:
    """The record for a slot, or for a poster `item` shown in that slot."""
    if as_text(slot.get("kind")).strip().lower() == "blank":
        return None  # an empty cell of the grid, exported as a slot named "&nbsp;"
    title = _title(as_text(item.get("name")))
    if not title:
        failures.append(f"schedule entry {item.get('conf_key')!r} has no name: skipped")
        return None
    url = as_text(item.get("conf_url")).strip()
    start, end = as_datetime(slot.get("start")), as_datetime(slot.get("end"))
    if start is None:
        failures.append(f"schedule entry {title!r}: no readable start time")
    released = item.get("released")
    return PresentationRecord(
        source_id=_source_id(item, slot, url),
        title=title,
        kind=slugify(as_text(slot.get("kind"))),
        speakers=_speakers(item),
        category=as_text(item.get("category")).strip(),
        audience=as_text(item.get("audience_level")).strip(),
        room=as_text(slot.get("room")).strip() or ", ".join(map(as_text, slot.get("rooms") or [])),
        start=in_zone(start, zone) if start else None,
        end=in_zone(end, zone) if end else None,
        description=plain_text(as_text(item.get("description"))),
        abstract=plain_text(as_text(item.get("abstract"))),
        url=url,
        recorded=released if url and isinstance(released, bool) else None,
        cancelled=item.get("cancelled") is True,
    )


def _title(name: str) -> str:
    """A name as a reader sees it: "Panel<br><small>A, B</small>" is "Panel — A, B"; entities unescaped."""
    lines = plain_text(name).split("\n") if looks_like_html(name) else [name]
    return " — ".join(one_line(html.unescape(line)) for line in lines if one_line(html.unescape(line)))


def _source_id(item: dict[str, Any], slot: dict[str, Any], url: str) -> str:
    if match := _PRESENTATION_URL.search(url):
        return match.group(1)
    if item.get("conf_key") is not None:
        return f"slot-{item['conf_key']}"
    # No id at all: what a reader would call this slot, stable while it stays where it is.
    parts = [
        as_text(slot.get("kind")),
        as_text(slot.get("start"))[:16],
        as_text(slot.get("room")),
        as_text(item["name"]),
    ]
    return "slot-" + slugify(" ".join(parts))


def _speakers(item: dict[str, Any]) -> tuple[str, ...]:
    speakers = item.get("speakers") or []
    names = [as_text(s.get("name")) if isinstance(s, dict) else as_text(s) for s in speakers]
    if not any(names):
        names = [as_text(author) for author in item.get("authors") or []]
    return tuple(name.strip() for name in names if name.strip())


def _bios(entries: list[dict[str, Any]]) -> dict[str, str]:
    """Speakers' `bio` (HTML, newer exports) as plain text, by name; the first non-empty one a name has."""
    bios: dict[str, str] = {}
    items = [item for entry in entries for item in [entry, *(entry.get("sessions") or [])] if isinstance(item, dict)]
    for item in items:
        for speaker in item.get("speakers") or []:
            if not isinstance(speaker, dict):
                continue
            name, bio = as_text(speaker.get("name")).strip(), plain_text(as_text(speaker.get("bio")))
            if name and bio:
                bios.setdefault(name, bio)
    return bios


def _pycon_slug(urls: list[str]) -> str:
    for url in urls:
        if match := _PYCON_YEAR.search(url):
            return f"pycon-{match.group(1)}"
    raise ScheduleUnreadable("cannot tell which conference this conference.json is: pass --slug")


def _name(slug: str, urls: list[str]) -> str:
    year = re.fullmatch(r"pycon-(\d{4})", slug)
    if year and any("//us.pycon.org/" in url for url in urls):
        return f"PyCon US {year.group(1)}"
    return slug
