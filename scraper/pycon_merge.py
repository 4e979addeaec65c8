"""Where PyCon US's sources disagree, which one wins. Records in, records out; no HTTP, no HTML.

- conference.json, where the year has one, is the main source: its ids, kinds, times, rooms, speakers
  and cancelled flag stand. Its times carry offsets; where an offset disagrees with the venue's zone at
  that wall time but is one the venue keeps at another season (2022 writes -07:00, Salt Lake City's winter
  offset, for its -06:00 in April), the wall time is kept and read in the venue's zone, because that is
  what the grid, the detail pages and the signs at the venue show. Any other offset is a real instant.
- Pages add what the export lacks: whole kinds it does not list (2022's posters), presentations it does
  not list, and from detail pages the level, category, abstract and a description where it has none.
- Without an export, the grid gives ids, titles, kinds, rooms and start times; a session page (2016) the
  exact date, start, end and room; a detail page the speakers (its profile links, never the grid's
  comma-joined text), level, category, texts, the end time (the grid only knows the next row's start,
  which is wrong before a break) and the room ("… in Room 26A", where a grid's rowspans can be wrong).
- Items without a site id (plenaries, breaks) are named by kind, day and title (see `PlainItems`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from presentations.slugs import slugify
from scraper.pycon_detail import Detail, SessionSlot, parse_detail, parse_session
from scraper.pycon_html import GridPage, at
from scraper.pycon_tables import is_weekday_only, on_day
from scraper.records import PresentationRecord


def in_venue_zone(records: list[PresentationRecord], tz: ZoneInfo, notes: list[str]) -> list[PresentationRecord]:
    """Export records with their times in the venue's zone, by the wall-time rule above."""
    disagreeing = set()
    moved = []
    for record in records:
        start, end = _venue_time(record.start, tz, disagreeing), _venue_time(record.end, tz, disagreeing)
        moved.append(dataclasses.replace(record, start=start, end=end))
    for offset in sorted(disagreeing):
        notes.append(f"conference.json writes UTC{offset} where {tz.key} keeps another offset: its wall times kept")
    return moved


def _venue_time(moment: datetime | None, tz: ZoneInfo, disagreeing: set[str]) -> datetime | None:
    """An offset the venue keeps at another time of year (its standard time in summer) is a slip of the
    export's, and its wall time stands; any other offset (UTC, say) is a real instant, moved into the zone."""
    if moment is None:
        return None
    wall = moment.replace(tzinfo=tz)
    offset = moment.utcoffset()
    seasons = {datetime(moment.year, month, 1, tzinfo=tz).utcoffset() for month in (1, 7)}
    if offset is not None and offset != wall.utcoffset() and offset in seasons:
        disagreeing.add(moment.strftime("%z"))
        return wall
    return moment.astimezone(tz)


YEAR_IN_URL = re.compile(r"/(\d{4})/")
GENERIC_KINDS = frozenset({"talk", "tutorial"})


def in_section(grid: GridPage, section: str) -> GridPage:
    """A section page's presentations under the section's kind where their cells say only "talk" or
    "tutorial": 2018 draws sponsor workshops as `slot-tutorial` on its sponsor-tutorials page."""
    kind = section.removesuffix("s") if section.startswith("sponsor-") else "summit" if "summit" in section else ""
    if kind:
        grid.presentations = [
            dataclasses.replace(record, kind=kind) if record.url and record.kind in GENERIC_KINDS else record
            for record in grid.presentations
        ]
    return grid


def combine(export: list[PresentationRecord], grids: dict[str, GridPage], notes: list[str]) -> list[PresentationRecord]:
    """One record per id: the export's, then what pages add; the whole-conference grid's reading first."""
    by_id = {record.source_id: record for record in export}
    export_kinds = {record.kind for record in export}
    added = 0
    for grid in grids.values():
        for record in grid.presentations:
            known = by_id.get(record.source_id)
            if known is not None:
                if known.kind in GENERIC_KINDS and record.kind not in GENERIC_KINDS and known not in export:
                    by_id[record.source_id] = dataclasses.replace(known, kind=record.kind)
                continue
            if export and not record.url and record.kind in export_kinds:
                continue  # a plenary or a break the export already has under its own key
            by_id[record.source_id] = record
            added += 1
    if export and added:
        notes.append(f"pages add {added} presentations that conference.json does not list")
    return list(by_id.values())


def complete(
    records: list[PresentationRecord], pages: dict[str, bytes | Exception], *, tz: ZoneInfo, exported: set[str]
) -> list[PresentationRecord]:
    """Records filled from session and detail pages, by the rules above; `exported`: the export's ids."""
    slots: dict[str, SessionSlot] = {}
    details: dict[str, Detail] = {}
    for url, content in pages.items():
        if not isinstance(content, bytes):
            continue
        if "/session/" in url:
            slots.update(parse_session(content, tz=tz))
        else:
            year = YEAR_IN_URL.search(url)
            details[url.rstrip("/").rsplit("/", 1)[-1]] = parse_detail(content, year=int(year[1]) if year else None)
    completed = []
    for record in records:
        detail = details.get(record.source_id)
        if detail is not None:
            record = _with_detail(record, detail, tz, exported=record.source_id in exported)
        slot = slots.get(record.source_id)
        if slot is not None:
            record = dataclasses.replace(record, start=slot.start, end=slot.end, room=slot.room or record.room)
        completed.append(record)
    return _dated(completed, details.values())


def _with_detail(record: PresentationRecord, detail: Detail, tz: ZoneInfo, *, exported: bool) -> PresentationRecord:
    fields = {
        "audience": detail.audience or record.audience,
        "category": detail.category or record.category,
        "abstract": detail.abstract or record.abstract,
        "description": record.description or detail.description,
    }
    if not exported:  # conference.json's word on people, time and room stands
        fields.update(speakers=detail.speakers or record.speakers, title=record.title or detail.title)
        if detail.kind and record.kind in GENERIC_KINDS:
            fields["kind"] = slugify(detail.kind)
        if record.start is not None and detail.times:
            start, end = _detail_times(record, detail, tz)
            fields.update(start=start, end=end, room=detail.room or record.room)
        elif record.start is None and detail.day and detail.times:  # a list page's item: the page has its time
            times = [at(detail.day, moment, tz) for moment in detail.times]
            fields.update(start=times[0], end=times[1] if len(times) > 1 else None, room=detail.room or record.room)
    return dataclasses.replace(record, **fields)


def _detail_times(record: PresentationRecord, detail: Detail, tz: ZoneInfo) -> tuple[datetime, datetime | None]:
    day = detail.day or record.start.date()
    start = at(day, detail.times[0], tz) if detail.day else record.start
    if detail.times[0] != record.start.time() and detail.day is None:
        return record.start, record.end  # a different slot than the grid's: keep the grid's reading
    end = at(day, detail.times[1], tz) if len(detail.times) > 1 else record.end
    return start, end


def _dated(records: list[PresentationRecord], details: Iterable[Detail]) -> list[PresentationRecord]:
    """Records of weekday-only grids (2011–2012) moved onto the dates the detail pages name."""
    days: dict[int, date] = {}
    for detail in details:
        if detail.day is not None:
            days.setdefault(detail.day.weekday(), detail.day)
    if not any(is_weekday_only(record.start) for record in records):
        return records
    moved = []
    for record in records:
        if is_weekday_only(record.start):
            day = days.get(record.start.weekday())
            if day is None:
                record = dataclasses.replace(record, start=None, end=None)
            else:
                record = dataclasses.replace(record, start=on_day(record.start, day), end=on_day(record.end, day))
        moved.append(record)
    return moved
