"""Reading the 2016-era PyCon US schedule pages (Symposion tables): grids, session, detail and poster pages.

Bytes in, records out. The markup is described in shared/data/README.md; in short, each day is an
`<h3>` date and a `table.calendar` whose rows start at `td.time` and whose cells span rows and columns.
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
    one_line,
    page_url,
    paragraphs,
    parse_html,
    presentation_id,
    slot_kind,
    speakers,
    text,
)
from scraper.records import PresentationRecord, ScheduleUnreadable

SESSION_ROW = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2}) - (?P<start>\d{1,2}:\d{2})(?::\d{2})? to (?P<end>\d{1,2}:\d{2})(?::\d{2})?"
    r" - (?P<kind>.*?) in (?P<room>.*)$"
)


def is_schedule(document: HtmlElement) -> bool:
    return bool(document.cssselect("table.calendar"))


def parse_page(content: bytes, *, url: str, tz: ZoneInfo) -> GridPage:
    """A grid page, or the posters list; anything else is `ScheduleUnreadable`."""
    document = parse_html(content)
    if is_schedule(document):
        return _parse_grid(document, url=url, tz=tz)
    if document.cssselect("div.presentation h3 a"):
        return GridPage(presentations=parse_posters(content, url=url))
    raise ScheduleUnreadable(f"{url} holds no schedule grid")


def parse_grid(content: bytes, *, url: str, tz: ZoneInfo) -> GridPage:
    """Every slot of every day's table; `follow_urls` are the session pages the grid links to."""
    document = parse_html(content)
    if not is_schedule(document):
        raise ScheduleUnreadable(f"{url} holds no schedule grid")
    return _parse_grid(document, url=url, tz=tz)


@dataclass(frozen=True)
class _Cell:
    element: HtmlElement
    row: int
    column: int
    rows: int
    columns: int


def _parse_grid(document: HtmlElement, *, url: str, tz: ZoneInfo) -> GridPage:
    page = GridPage()
    plain = PlainItems()
    for table in document.cssselect("table.calendar"):
        _read_table(table, url=url, tz=tz, page=page, plain=plain)
    page.presentations += plain.records()
    badges = (link.get("href") for link in document.cssselect("div.badges a[href]"))
    page.follow_urls = list(dict.fromkeys(page_url(url, href) for href in badges if "/session/" in href))
    return page


def _read_table(table: HtmlElement, *, url: str, tz: ZoneInfo, page: GridPage, plain: PlainItems) -> None:
    heading = table.xpath("preceding-sibling::h3[1]")
    day = _day(text(heading[0]) if heading else "")
    if day is None:
        page.failures.append(f"{url}: a schedule table without a readable date was skipped")
        return
    rooms = [text(th) for th in table.cssselect("thead th")][1:]  # the first heads the time column
    rows = table.cssselect("tbody tr") or table.cssselect("tr")[1:]
    starts = [clock(text(first(row, "td.time"))) for row in rows]
    for cell in _cells(rows):
        start = starts[cell.row]
        # A slot ends where the row after its last one starts; the table's last row marks the day's end.
        end_row = cell.row + cell.rows
        end = starts[end_row] if end_row < len(starts) else None
        where = f"{url}: {day:%Y-%m-%d} {text(first(rows[cell.row], 'td.time')) or '?'}"
        if start is None:
            page.failures.append(f"{where}: a cell in a row without a start time was skipped")
            continue
        covered = rooms[cell.column : cell.column + cell.columns]
        _read_cell(
            cell.element,
            where=where,
            covered=covered,
            rooms=rooms,
            page=page,
            plain=plain,
            tz=tz,
            start=at(day, start, tz),
            end=at(day, end, tz),
            url=url,
        )


def _cells(rows: list[HtmlElement]) -> list[_Cell]:
    """Slot cells with their grid position, counting the places that row- and colspans above them take."""
    taken: set[tuple[int, int]] = set()
    cells = []
    for row_number, row in enumerate(rows):
        column = 0
        for element in row.xpath("./td[not(contains(concat(' ', @class, ' '), ' time '))]"):
            while (row_number, column) in taken:
                column += 1
            rows_spanned, columns_spanned = _span(element.get("rowspan")), _span(element.get("colspan"))
            taken.update(
                (row_number + down, column + across)
                for down in range(rows_spanned)
                for across in range(columns_spanned)
            )
            if "slot" in (element.get("class") or "").split():
                cells.append(_Cell(element, row_number, column, rows_spanned, columns_spanned))
            column += columns_spanned
    return cells


def _read_cell(
    element: HtmlElement,
    *,
    where: str,
    covered: list[str],
    rooms: list[str],
    page: GridPage,
    plain: PlainItems,
    tz: ZoneInfo,
    start: datetime | None,
    end: datetime | None,
    url: str,
) -> None:
    kind = slot_kind(element)
    link = first(element, "span.title a")
    if not kind or not one_line(element.text_content()):
        return  # an empty slot: nothing is scheduled there
    if link is None:
        plain.add(kind=kind, title=text(element), start=start, end=end, rooms=covered, all_rooms=rooms)
        return
    source_id = presentation_id(link.get("href"))
    if not source_id:
        page.failures.append(f"{where}: a {kind} cell without a presentation link was skipped")
        return
    page.presentations.append(
        PresentationRecord(
            source_id=source_id,
            title=text(link),
            kind=kind,
            speakers=speakers(text(first(element, "span.speaker"))),
            audience=text(first(element, "span.audience_level")),
            room=", ".join(covered),
            start=start,
            end=end,
            description=paragraphs(link.get("title")),
            url=page_url(url, link.get("href")),
        )
    )


def _span(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _day(value: str) -> date | None:
    for layout in ("%B %d, %Y", "%b %d, %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, layout).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class SessionSlot:
    """One row of a session page: the only 2016 page with date, start, end and room together."""

    start: datetime
    end: datetime
    room: str


def parse_session(content: bytes, *, tz: ZoneInfo) -> dict[str, SessionSlot]:
    """Slots by presentation id; rows that do not read are left out (the grid's data stays)."""
    slots = {}
    for row in parse_html(content).cssselect("tr"):
        cells = row.cssselect("td")
        link = first(row, "a[href]")
        match = SESSION_ROW.match(text(cells[0])) if cells else None
        source_id = presentation_id(link.get("href")) if link is not None else ""
        if match is None or not source_id:
            continue
        day = date.fromisoformat(match["day"])
        slots[source_id] = SessionSlot(
            start=datetime.combine(day, time.fromisoformat(match["start"].zfill(5)), tzinfo=tz),
            end=datetime.combine(day, time.fromisoformat(match["end"].zfill(5)), tzinfo=tz),
            room=one_line(match["room"]),
        )
    return slots


@dataclass(frozen=True)
class Detail:
    """What a presentation's own page adds; every field blank when the page does not have it."""

    title: str = ""
    speakers: tuple[str, ...] = ()
    audience: str = ""
    category: str = ""
    description: str = ""
    abstract: str = ""
    times: tuple[time, ...] = ()  # start and end of day, without a date ("Monday 10:50 a.m.–11:20 a.m.")


def parse_detail(content: bytes) -> Detail:
    box = first(parse_html(content), "div.box-content")
    if box is None:
        return Detail()
    title = first(box, "h2")
    speaker_line = box.xpath("./h2/following-sibling::h4[1]")
    time_line = box.xpath("./h4[not(preceding-sibling::h2)]")
    terms = {text(dt).rstrip(":").lower(): text(dt.getnext()) for dt in box.cssselect("dl dt")}
    return Detail(
        title=text(title),
        speakers=tuple(text(a) for a in speaker_line[0].cssselect("a")) if speaker_line else (),
        audience=terms.get("audience level", ""),
        category=terms.get("category", ""),
        description=paragraphs(_raw_text(first(box, "div.description"))),
        abstract=paragraphs(_raw_text(first(box, "div.abstract"))),
        times=tuple(django_times(text(time_line[0]))[:2]) if time_line else (),
    )


def _raw_text(element: HtmlElement | None) -> str:
    return element.text_content() if element is not None else ""


def parse_posters(content: bytes, *, url: str) -> list[PresentationRecord]:
    """The posters list: title, speakers and category ("Anton Malakhov in Python Libraries"); no times."""
    posters = []
    for entry in parse_html(content).cssselect("div.presentation"):
        link = first(entry, "h3 a")
        source_id = presentation_id(link.get("href")) if link is not None else ""
        if not source_id:
            continue
        names, _, category = text(first(entry, "h4")).rpartition(" in ")
        posters.append(
            PresentationRecord(
                source_id=source_id,
                title=text(link),
                kind="poster",
                speakers=speakers(names),
                category=category,
                description=paragraphs("".join(entry.xpath("./text()"))),
                url=page_url(url, link.get("href")),
            )
        )
    return posters


def complete(
    records: list[PresentationRecord], pages: dict[str, bytes | Exception], *, tz: ZoneInfo
) -> tuple[list[PresentationRecord], list[str]]:
    """Records filled from session pages (time and room) and detail pages (category, abstract…).

    `pages` maps URLs to bytes or to the error that kept them; each error becomes a failure line and the
    grid's data stays.
    """
    failures = [str(error) for error in pages.values() if isinstance(error, Exception)]
    slots: dict[str, SessionSlot] = {}
    for url, content in pages.items():
        if "/session/" in url and isinstance(content, bytes):
            slots.update(parse_session(content, tz=tz))
    completed = []
    for record in records:
        content = pages.get(record.url)
        if isinstance(content, bytes):
            record = _with_detail(record, parse_detail(content), tz)
        slot = slots.get(record.source_id)
        if slot is not None:
            record = dataclasses.replace(record, start=slot.start, end=slot.end, room=slot.room or record.room)
        completed.append(record)
    return completed, failures


def _with_detail(record: PresentationRecord, detail: Detail, tz: ZoneInfo) -> PresentationRecord:
    end = record.end
    if len(detail.times) == 2 and record.start is not None and detail.times[0] == record.start.time():
        end = at(record.start.date(), detail.times[1], tz)
    return dataclasses.replace(
        record,
        title=record.title or detail.title,
        speakers=record.speakers or detail.speakers,
        audience=detail.audience or record.audience,
        category=detail.category or record.category,
        description=detail.description or record.description,
        abstract=detail.abstract or record.abstract,
        end=end,
    )
