"""Reading the 2024-era PyCon US schedule pages: CSS-grid `div.calendar` days and `div.panel` detail pages.

Bytes in, records out. Each day is a `div.calendar`: a header row of rooms, then one `div.time` per grid
row, then slots placed by inline `grid-column-*` / `grid-row-*` styles.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from lxml.html import HtmlElement

from scraper.pycon_html import (
    GridPage,
    PlainItems,
    at,
    clock,
    django_times,
    first,
    html_paragraphs,
    one_line,
    page_url,
    parse_html,
    presentation_id,
    slot_kind,
    speakers,
    text,
)
from scraper.records import PresentationRecord, ScheduleUnreadable

PLACEMENT = re.compile(r"grid-(column|row)-(start|end)\s*:\s*(\d+)")
LONG_DATE = re.compile(r"(?P<month>[A-Z][a-z]+)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,\s*(?P<year>\d{4})")
FIRST_SLOT_ROW = 2  # grid row 1 holds the room headers; time k (from 0) labels row k + 2
FIRST_ROOM_COLUMN = 2  # grid column 1 holds the times


def is_schedule(document: HtmlElement) -> bool:
    return bool(document.cssselect("div.calendar div.slot"))


def parse_page(content: bytes, *, url: str, tz: ZoneInfo) -> GridPage:
    """Every slot of every day on a grid page; `ScheduleUnreadable` when the page has no grid."""
    document = parse_html(content)
    if not is_schedule(document):
        raise ScheduleUnreadable(f"{url} holds no schedule grid")
    page = GridPage()
    plain = PlainItems()
    for calendar in document.cssselect("div.calendar"):
        _read_day(calendar, url=url, tz=tz, page=page, plain=plain)
    page.presentations += plain.records()
    return page


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
    rooms = [text(header) for header in calendar.cssselect("div.header")]
    times = [clock(text(label)) for label in calendar.cssselect("div.time")]
    for slot in calendar.cssselect("div.slot"):
        place = _place(slot.get("style") or "", rooms, times)
        if place is None or place.start is None:
            page.failures.append(f"{url}: {day:%Y-%m-%d}: a slot with no readable place was skipped")
            continue
        _read_slot(slot, place, rooms=rooms, day=day, tz=tz, url=url, page=page, plain=plain)


def _place(style: str, rooms: list[str], times: list[time | None]) -> _Place | None:
    found = {f"{axis}-{edge}": int(number) for axis, edge, number in PLACEMENT.findall(style)}
    if not {"column-start", "row-start"} <= found.keys():
        return None
    column = found["column-start"] - FIRST_ROOM_COLUMN
    row = found["row-start"] - FIRST_SLOT_ROW
    end_row = found.get("row-end", found["row-start"] + 1) - FIRST_SLOT_ROW
    end_column = found.get("column-end", found["column-start"] + 1) - FIRST_ROOM_COLUMN
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
    link = first(slot, "div.presentation div.title a")
    if link is None:
        title_box = first(slot, "div.title")
        # "Jay Miller<br><br>Keynote": keep the line breaks visible as dashes.
        parts = (title_box if title_box is not None else slot).itertext()
        title = " — ".join(one_line(part) for part in parts if part.strip())
        if kind and title:
            named_room = text(first(slot, "div.room-override")).strip("()")
            plain.add(
                kind=kind,
                title=title,
                start=start,
                end=end,
                rooms=place.rooms,
                all_rooms=rooms,
                named_room=named_room,
            )
        return
    source_id = presentation_id(link.get("href"))
    if not source_id:
        page.failures.append(f"{url}: {day:%Y-%m-%d} {place.start:%H:%M}: a {kind} slot without an id was skipped")
        return
    page.presentations.append(
        PresentationRecord(
            source_id=source_id,
            title=text(link),
            kind=kind,
            speakers=speakers(text(first(slot, "div.speaker"))),
            room=", ".join(place.rooms),
            start=start,
            end=end,
            url=page_url(url, link.get("href")),
        )
    )


def _day(calendar: HtmlElement) -> date | None:
    """The date of a day's grid: the id of the `div` before it ("2024-05-17"), else its heading."""
    before = calendar.xpath("preceding-sibling::div[@id][1]")
    if not before:
        return None
    try:
        return date.fromisoformat(before[0].get("id"))
    except ValueError:
        return _long_date(text(before[0]))


def _long_date(value: str) -> date | None:
    """ "Friday - May 17th, 2024" → 2024-05-17."""
    match = LONG_DATE.search(value)
    if match is None:
        return None
    try:
        return datetime.strptime(f"{match['month']} {match['day']} {match['year']}", "%B %d %Y").date()
    except ValueError:
        return None


@dataclass(frozen=True)
class Detail:
    """What a presentation's own page adds; blank where the page does not say."""

    title: str = ""
    speakers: tuple[str, ...] = ()
    description: str = ""
    start: time | None = None
    end: time | None = None
    day: date | None = None
    room: str = ""


def parse_detail(content: bytes) -> Detail:
    """A detail page: "Friday - May 17th, 2024 11 a.m.-11:30 a.m. in Ballroom A", speakers, description."""
    document = parse_html(content)
    heading = first(document, "div.panel-heading")
    body = first(document, "div.panel-body")
    when = text(first(heading, "p")) if heading is not None else ""
    times = django_times(when)
    title = text(first(heading, "h3")) if heading is not None else ""
    return Detail(
        title=title.split(": ", 1)[-1],  # "Talks: Build a data visualization app…"
        speakers=tuple(text(a) for a in body.cssselect("li a")) if body is not None else (),
        description=html_paragraphs(first(body, "div.description")) if body is not None else "",
        start=times[0] if times else None,
        end=times[1] if len(times) > 1 else None,
        day=_long_date(when),
        room=one_line(when.rpartition(" in ")[2]) if " in " in when else "",
    )


def complete(
    records: list[PresentationRecord], pages: dict[str, bytes | Exception], *, tz: ZoneInfo
) -> tuple[list[PresentationRecord], list[str]]:
    """Records filled from their detail pages; each page that could not be fetched is a failure line."""
    failures = [str(error) for error in pages.values() if isinstance(error, Exception)]
    completed = []
    for record in records:
        content = pages.get(record.url)
        if isinstance(content, bytes):
            record = _with_detail(record, parse_detail(content), tz)
        completed.append(record)
    return completed, failures


def _with_detail(record: PresentationRecord, detail: Detail, tz: ZoneInfo) -> PresentationRecord:
    start, end = record.start, record.end
    if detail.day is not None and detail.start is not None:
        # The presentation's own page is the later word on its time.
        start = at(detail.day, detail.start, tz)
        end = at(detail.day, detail.end, tz) or end
    return dataclasses.replace(
        record,
        title=record.title or detail.title,
        speakers=detail.speakers or record.speakers,
        description=detail.description or record.description,
        room=detail.room or record.room,
        start=start,
        end=end,
    )
