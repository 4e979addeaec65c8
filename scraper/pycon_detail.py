"""A presentation's own page, in every layout the site has had, and the 2013-era session pages.

Bytes in, a `Detail` out: what the page says, each field blank where it does not. Three families:
Symposion's `div.box-content` (2013–2019: an `<h4>` time line, `<h2>` title, `dl` of level and category),
the `div.panel` pages (2020–2024: "Talks: Title" heading, a time line under it from 2023), and the 2025
`presentation-detail-header` (an `<h1>` title, "Experience Level:" beside "Presented by").

Speakers are the links to speaker profiles only, never other links of the page (a description's links to
"extension modules" are not people).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from lxml.html import HtmlElement

from scraper.pycon_html import django_times, first, long_date, parse_html, presentation_id, select, text
from scraper.text import element_text, one_line, tidy_paragraphs

SPEAKER_LINKS = ".//a[contains(@href, '/speaker/')]"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_DAY = re.compile(r"[A-Z][a-z]+\.? \d{1,2}(?:st|nd|rd|th)?")
SESSION_ROW = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2}) - (?P<start>\d{1,2}:\d{2})(?::\d{2})? to (?P<end>\d{1,2}:\d{2})(?::\d{2})?"
    r" - (?P<kind>.*?) in (?P<room>.*)$"
)


@dataclass(frozen=True)
class Detail:
    title: str = ""
    speakers: tuple[str, ...] = ()
    audience: str = ""
    category: str = ""
    description: str = ""
    abstract: str = ""
    times: tuple[time, ...] = ()  # start and end of day as the page writes them
    day: date | None = None  # when the time line names a date ("Friday, May 16th, 2025")
    weekday: int | None = None  # when it names only a weekday ("Monday 10:50 a.m.–11:20 a.m.")
    room: str = ""  # "… in Hall C"
    kind: str = ""  # "Tutorial", where the page says (2011–2012)


def parse_detail(content: bytes, *, year: int | None = None) -> Detail:
    """`year`: the conference's, for pages that write a date without one ("March 7th", 2011–2012)."""
    document = parse_html(content)
    for reader in (_box, _panel, _header):
        detail = reader(document)
        if detail is not None:
            return detail
    return _body(document, year) or Detail()


def _box(document: HtmlElement) -> Detail | None:
    box = first(document, "div.box-content")
    if box is None or first(box, "h2") is None:
        return None
    time_line = box.xpath("./h4[not(preceding-sibling::h2)]")
    terms = {text(dt).rstrip(":").lower(): text(dt.getnext()) for dt in select(box, "dl dt")}
    return Detail(
        title=text(first(box, "h2")),
        speakers=_speakers(box),
        audience=terms.get("audience level", "") or terms.get("experience level", ""),
        category=terms.get("category", ""),
        description=tidy_paragraphs(_raw(first(box, "div.description"))),
        abstract=tidy_paragraphs(_raw(first(box, "div.abstract"))),
        **_when(text(time_line[0]) if time_line else ""),
    )


def _panel(document: HtmlElement) -> Detail | None:
    heading = first(document, "div.panel-heading")
    body = first(document, "div.panel-body")
    if heading is None or first(heading, "h3") is None:
        return None
    return Detail(
        title=text(first(heading, "h3")).split(": ", 1)[-1],  # "Talks: Build a data visualization app…"
        speakers=_speakers(body) if body is not None else (),
        description=element_text(first(body, "div.description")) if body is not None else "",
        **_when(text(first(heading, "p"))),
    )


def _header(document: HtmlElement) -> Detail | None:
    header = first(document, "div.presentation-detail-header")
    if header is None:
        return None
    meta = {}
    for block in select(header, "div.presentation-detail-meta"):
        meta[text(first(block, "h2")).rstrip(":").lower()] = text(first(block, "p"))
    return Detail(
        title=text(first(header, "h1")),
        speakers=_speakers(header),
        audience=meta.get("experience level", "") or meta.get("audience level", ""),
        category=meta.get("category", "") or meta.get("track", ""),
        description=element_text(first(document, "div.max-medium div.content")),
        **_when(text(first(header, "p.text-center"))),
    )


def _body(document: HtmlElement, year: int | None) -> Detail | None:
    """2011–2012: `section#body` with an `<h1>` title, `div.speakers`, a `dl` of type, level and category,
    and `div.slot` "March 7th 9 a.m. – 12:20 p.m." (no year: the page's address has it)."""
    body = first(document, "section#body div.container")
    if body is None or first(body, "h1") is None or first(body, "div.slot") is None:
        return None
    terms = {text(dt).rstrip(":").lower(): text(dt.getnext()) for dt in select(body, "dl dt")}
    when = _when(text(first(body, "div.slot")))
    if when["day"] is None and year is not None:
        when["day"] = long_date(_with_year(text(first(body, "div.slot")), year))
    return Detail(
        title=text(first(body, "h1")),
        kind=terms.get("type", ""),
        speakers=_speakers(first(body, "div.speakers") if first(body, "div.speakers") is not None else body),
        audience=terms.get("audience level", ""),
        category=terms.get("category", ""),
        description=tidy_paragraphs(_raw(first(body, "div.description"))),
        abstract=element_text(first(body, "div.abstract")),
        **when,
    )


def _with_year(line: str, year: int) -> str:
    """ "March 7th 9 a.m. – 12:20 p.m." → "March 7th, 2012"."""
    match = MONTH_DAY.match(line)
    return f"{match.group(0)}, {year}" if match else ""


def _speakers(element: HtmlElement) -> tuple[str, ...]:
    names = (text(link) for link in element.xpath(SPEAKER_LINKS))
    return tuple(dict.fromkeys(name for name in names if name))


def _when(line: str) -> dict:
    """ "Friday, May 16th, 2025 4:30 p.m.–5 p.m. in Hall C" as day, weekday, times and room."""
    weekday = next((n for n, name in enumerate(WEEKDAYS) if line.lower().startswith(name)), None)
    times_part, _, room = line.partition(" in ")
    return {
        "times": tuple(django_times(times_part)[:2]),
        "day": long_date(line),
        "weekday": weekday,
        "room": one_line(room),
    }


def _raw(element: HtmlElement | None) -> str:
    return element.text_content() if element is not None else ""


@dataclass(frozen=True)
class SessionSlot:
    """One row of a session page: date, start, end and room together."""

    start: datetime
    end: datetime
    room: str


def parse_session(content: bytes, *, tz: ZoneInfo) -> dict[str, SessionSlot]:
    """Slots by presentation id; rows that do not read are left out (the grid's data stays)."""
    slots = {}
    for row in select(parse_html(content), "tr"):
        cells = select(row, "td")
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
