"""The table grids of PyCon US: `table.calendar` (2013–2023) and the plain tables of 2011–2012.

Bytes in, records out. Each day is a heading and a table whose rows start at `td.time` ("10:50AM") and
whose slot cells span rows and columns; a slot's rooms are the columns it covers, so row- and colspans
above it are counted. Day headings come in every form the site has used: "May 30, 2016", "Friday May 11,
2018", "Tutorials — May 12, 2021", `<div id="2022-04-29">`, and in 2011–2012 a weekday alone
("Wednesday"), whose date the detail pages supply later (`weekday` on the record's `start`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
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
    page_url,
    parse_html,
    presentation_link,
    read_grid,
    select,
    slot_kind,
    text,
)
from scraper.records import PresentationRecord, ScheduleUnreadable
from scraper.text import one_line, tidy_paragraphs

# No real grid spans more: PyCon's biggest days have about 40 rows and 12 rooms. A span past these is
# a broken or hostile page, and counting its cells would take memory quadratic in the span.
MAX_ROW_SPAN = 50
MAX_COLUMN_SPAN = 30
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A date for grids that name only a weekday: the week of 2001-01-01 (a Monday) keeps the weekday, and
# `pycon.py` moves each such record onto its real date once a detail page names one.
WEEKDAY_ANCHOR = date(2001, 1, 1)


def is_schedule(document: HtmlElement) -> bool:
    return bool(_tables(document))


def _tables(document: HtmlElement) -> list[HtmlElement]:
    calendars = select(document, "table.calendar")
    if calendars:
        return calendars
    # 2011–2012: plain tables whose cells are `td.slot`, under a weekday heading.
    return [table for table in document.iter("table") if table.xpath(".//td[contains(@class, 'slot')]")]


def parse_page(content: bytes, *, url: str, tz: ZoneInfo) -> GridPage:
    """Every slot of every day's table; `follow_urls` are the session pages the grid links to."""
    document = parse_html(content)
    tables = _tables(document)
    if not tables:
        raise ScheduleUnreadable(f"{url} holds no schedule grid")
    page = read_grid(tables, _read_table, url=url, tz=tz)
    badges = (page_url(url, link.get("href")) for link in select(document, "div.badges a[href]"))
    page.follow_urls = list(dict.fromkeys(link for link in badges if "/session/" in link))
    return page


@dataclass(frozen=True)
class _Cell:
    element: HtmlElement
    row: int
    column: int
    rows: int
    columns: int


def day_of(table: HtmlElement) -> date | None:
    """The date of a day's table: the nearest heading before it, or an element with a date for an id
    between that heading and the table (`<div id="2022-04-29">`)."""
    candidates = table.xpath("preceding::*[self::h1 or self::h2 or self::h3 or self::h4 or @id][position() <= 8]")
    for before in reversed(candidates):
        for value in (before.get("id") or "", text(before)):
            found = heading_date(value)
            if found is not None:
                return found
            weekday = one_line(value).lower()
            if weekday in WEEKDAYS:
                return WEEKDAY_ANCHOR + timedelta(days=WEEKDAYS.index(weekday))
        if before.tag in ("h1", "h2", "h3", "h4"):
            return None
    return None


def _read_table(table: HtmlElement, *, url: str, tz: ZoneInfo, page: GridPage, plain: PlainItems) -> None:
    day = day_of(table)
    if day is None:
        heading = table.xpath("preceding::*[self::h2 or self::h3][1]")
        shown = text(heading[0])[:60] if heading else "none"
        page.failures.append(f"{url}: a schedule table under the heading {shown!r}: no date in it; skipped")
        return
    rows = [row for row in table.iter("tr") if row.xpath("./td")]
    heads = [row for row in table.iter("tr") if row.xpath("./th") and not row.xpath("./td")]
    rooms = [text(th) for th in heads[0].xpath("./th")][1:] if heads else []  # the first heads the time column
    starts = [clock(text(first(row, "td.time"))) for row in rows]
    for cell in _cells(rows, url=url):
        start = starts[cell.row]
        # A slot ends where the row after its last one starts, until a better source says otherwise.
        end_row = cell.row + cell.rows
        end = starts[end_row] if end_row < len(starts) else None
        if start is None:
            page.failures.append(f"{url}: {day:%Y-%m-%d}: a cell in a row without a start time was skipped")
            continue
        covered = rooms[cell.column : cell.column + cell.columns]
        _read_cell(cell.element, covered, rooms, (at(day, start, tz), at(day, end, tz)), url, page, plain)


def _cells(rows: list[HtmlElement], *, url: str) -> list[_Cell]:
    """Slot cells with their grid position, counting the places that row- and colspans above them take."""
    taken: set[tuple[int, int]] = set()
    cells = []
    for row_number, row in enumerate(rows):
        column = 0
        for element in row.xpath("./td[not(contains(concat(' ', @class, ' '), ' time '))]"):
            while (row_number, column) in taken:
                column += 1
            down, across = (
                _span(element.get("rowspan"), MAX_ROW_SPAN, url),
                _span(element.get("colspan"), MAX_COLUMN_SPAN, url),
            )
            taken.update((row_number + r, column + c) for r in range(down) for c in range(across))
            if "slot" in (element.get("class") or "").split():
                cells.append(_Cell(element, row_number, column, down, across))
            column += across
    return cells


def _read_cell(
    element: HtmlElement,
    covered: list[str],
    rooms: list[str],
    when: tuple[datetime | None, datetime | None],
    url: str,
    page: GridPage,
    plain: PlainItems,
) -> None:
    start, end = when
    kind = slot_kind(element) or _plain_kind(element)
    found = presentation_link(element, url, page.failures)
    if not one_line(element.text_content()):
        return  # an empty slot: nothing is scheduled there
    if found is None:
        if kind in ("talk", "tutorial"):
            where = f"{url}: {start:%Y-%m-%d %H:%M}"
            page.failures.append(f"{where}: a {kind} cell without a presentation link was skipped")
        elif kind:
            plain.add(kind=kind, title=lines_title(element), start=start, end=end, rooms=covered, all_rooms=rooms)
        return
    source_id, link_url, link = found
    speaker = (
        first(element, "span.speaker") if first(element, "span.speaker") is not None else first(element, "div.speaker")
    )
    page.presentations.append(
        PresentationRecord(
            source_id=source_id,
            title=text(link),
            kind=kind or "talk",
            speakers=grid_speakers(text(speaker)),
            audience=text(first(element, "span.audience_level")),
            room=", ".join(covered),
            start=start,
            end=end,
            description=tidy_paragraphs(link.get("title")),
            url=link_url,
        )
    )


# 2011–2012 cells say `slot presentation`, `slot plenary`, `slot recess`; a detail page's "Type:" tells
# talks from tutorials later.
PLAIN_KINDS = {"presentation": "talk", "plenary": "plenary", "recess": "break"}


def _plain_kind(element: HtmlElement) -> str:
    classes = (element.get("class") or "").split()
    return next((PLAIN_KINDS[name] for name in classes if name in PLAIN_KINDS), "")


def _span(value: str | None, cap: int, url: str) -> int:
    try:
        span = max(1, int(value or 1))
    except ValueError:
        return 1
    if span > cap:
        what = "rows" if cap == MAX_ROW_SPAN else "rooms"
        raise ScheduleUnreadable(f"{url}: a cell spans {span} {what}, more than any real grid ({cap}); page not read")
    return span


def is_weekday_only(moment: datetime | None) -> bool:
    """Whether `moment` is on a grid that named only its weekday (see WEEKDAY_ANCHOR)."""
    return moment is not None and moment.date() < WEEKDAY_ANCHOR + timedelta(days=7)


def on_day(moment: datetime | None, day: date) -> datetime | None:
    """`moment`'s wall time moved onto `day` (for records whose grid named only a weekday)."""
    if moment is None:
        return None
    return datetime.combine(day, moment.timetz().replace(tzinfo=None), tzinfo=moment.tzinfo)
