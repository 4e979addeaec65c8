"""The CSS-grid schedule pages of PyCon US: the `div.slot` grid of 2024 and the `section.slot` grid of 2025.

Bytes in, records out. Each day is a `div.calendar`: a header row of rooms (`div.header`, 2025
`div.calendar-room`), one time label per grid row (`div.time`, 2025 `time.calendar-time`), then slots
placed by inline `grid-column-*` / `grid-row-*` styles. The day is named just before the calendar: an
element whose id is the ISO date, or a heading "Talks — May 16, 2025". Pages also repeat every slot,
unplaced, for phones; only the slots inside a calendar count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from zoneinfo import ZoneInfo

from lxml.html import HtmlElement

from scraper.pycon_html import (
    GridPage,
    PlainItems,
    at,
    clock,
    first,
    grid_speakers,
    heading_date,
    lines_title,
    parse_html,
    presentation_link,
    read_grid,
    select,
    slot_kind,
    text,
)
from scraper.pycon_tables import MAX_COLUMN_SPAN, MAX_ROW_SPAN
from scraper.records import PresentationRecord, ScheduleUnreadable

PLACEMENT = re.compile(r"grid-(column|row)-(start|end)\s*:\s*(\d+)")
FIRST_SLOT_ROW = 2  # grid row 1 holds the room headers; time k (from 0) labels row k + 2
FIRST_ROOM_COLUMN = 2  # grid column 1 holds the times
SLOTS = "div.slot, section.slot"
ROOMS = "div.header, div.calendar-room"
TIMES = "div.time, time.calendar-time"


def is_schedule(document: HtmlElement) -> bool:
    return any(select(calendar, SLOTS) for calendar in select(document, "div.calendar"))


def parse_page(content: bytes, *, url: str, tz: ZoneInfo) -> GridPage:
    """Every slot of every day on a grid page; `ScheduleUnreadable` when the page has no grid."""
    document = parse_html(content)
    if not is_schedule(document):
        raise ScheduleUnreadable(f"{url} holds no schedule grid")
    return read_grid(select(document, "div.calendar"), _read_day, url=url, tz=tz)


@dataclass(frozen=True)
class _Place:
    rooms: list[str]
    start: time | None
    end: time | None


def _read_day(calendar: HtmlElement, *, url: str, tz: ZoneInfo, page: GridPage, plain: PlainItems) -> None:
    day = _day(calendar)
    if day is None:
        page.failures.append(f"{url}: a schedule day without a readable date was skipped")
        return
    rooms = [text(header) for header in select(calendar, ROOMS)]
    times = [clock(text(label)) for label in select(calendar, TIMES)]
    for slot in select(calendar, SLOTS):
        place = _place(slot.get("style") or "", rooms, times, url)
        if place is None or place.start is None:
            page.failures.append(f"{url}: {day:%Y-%m-%d}: a slot with no readable place was skipped")
            continue
        _read_slot(slot, place, rooms=rooms, day=day, tz=tz, url=url, page=page, plain=plain)


def _place(style: str, rooms: list[str], times: list[time | None], url: str) -> _Place | None:
    found = {f"{axis}-{edge}": int(number) for axis, edge, number in PLACEMENT.findall(style)}
    if not {"column-start", "row-start"} <= found.keys():
        return None
    column = found["column-start"] - FIRST_ROOM_COLUMN
    row = found["row-start"] - FIRST_SLOT_ROW
    end_row = found.get("row-end", found["row-start"] + 1) - FIRST_SLOT_ROW
    end_column = found.get("column-end", found["column-start"] + 1) - FIRST_ROOM_COLUMN
    if end_row - row > MAX_ROW_SPAN or end_column - column > MAX_COLUMN_SPAN:
        raise ScheduleUnreadable(f"{url}: a slot spans more rows or rooms than any real grid; page not read")
    if not 0 <= row < len(times) or column < 0:
        return None
    return _Place(
        rooms=rooms[column:end_column],
        start=times[row],
        end=times[end_row] if 0 <= end_row < len(times) else None,
    )


def _read_slot(
    slot: HtmlElement,
    place: _Place,
    *,
    rooms: list[str],
    day: date,
    tz: ZoneInfo,
    url: str,
    page: GridPage,
    plain: PlainItems,
) -> None:
    kind = slot_kind(slot)
    start, end = at(day, place.start, tz), at(day, place.end, tz)
    found = presentation_link(slot, url, page.failures)
    named_room = text(first(slot, "div.room-override")).strip("()")
    if found is None:
        title_box = first(slot, "div.title")
        title = lines_title(title_box if title_box is not None else slot)
        if kind and title:
            plain.add(
                kind=kind, title=title, start=start, end=end, rooms=place.rooms, all_rooms=rooms, named_room=named_room
            )
        return
    source_id, link_url, link = found
    page.presentations.append(
        PresentationRecord(
            source_id=source_id,
            title=text(link),
            kind=kind,
            speakers=grid_speakers(text(first(slot, "div.speaker"))),
            room=named_room or ", ".join(place.rooms),
            start=start,
            end=end,
            url=link_url,
        )
    )


def _day(calendar: HtmlElement) -> date | None:
    """The date of a day's grid: the id or the text of the element just before it."""
    before = calendar.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()
    if before is None:
        return None
    return heading_date(before.get("id") or "") or heading_date(text(before))
