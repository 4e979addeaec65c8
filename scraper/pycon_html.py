"""What every PyCon US page layout shares: reading HTML, links and ids, clock times, dates, grid items.

Bytes in, plain values out; no HTTP, no Django. Text cleaning lives in `scraper.text`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from presentations.slugs import slugify
from scraper.records import PresentationRecord
from scraper.text import one_line

PRESENTATION_ID = re.compile(r"/presentation/(\d+)(?:/|$)")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "May 30, 2016", "Friday May 11, 2018", "Tutorials — May 12, 2021", "Friday - May 17th, 2024"
LONG_DATE = re.compile(
    rf"\b(?P<month>{MONTHS}|{MONTHS[:3]})[a-z]*\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"
)
ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def parse_html(content: bytes) -> HtmlElement:
    """The document, or an empty one when there is nothing to read (empty or binary bytes)."""
    # The PyCon sites serve UTF-8; forcing it keeps a page without a charset line from turning to Latin-1.
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        return lxml.html.document_fromstring(content, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return lxml.html.document_fromstring(b"<html></html>", parser=parser)


def text(element: HtmlElement | None) -> str:
    """The element's text on one line, whitespace collapsed (entities are already unescaped by lxml)."""
    return one_line(element.text_content()) if element is not None else ""


def lines_title(element: HtmlElement) -> str:
    """A cell's text lines joined by dashes, as a title: "Jay Miller<br><br>Keynote" → "Jay Miller — Keynote"."""
    return " — ".join(one_line(part) for part in element.itertext() if part.strip())


@lru_cache(maxsize=256)
def _compiled(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


def select(element: HtmlElement, selector: str) -> list[HtmlElement]:
    """`element.cssselect(selector)`, with the selector turned into XPath once, not on every call: doing it
    each time, for a few thousand calls on every scrape, took a sixth of the scraper's own time."""
    return _compiled(selector)(element)


def first(element: HtmlElement | None, selector: str) -> HtmlElement | None:
    found = select(element, selector) if element is not None else []
    return found[0] if found else None


def slot_kind(element: HtmlElement) -> str:
    """The slot kind from a `slot-talk`, `slot-Break`… class, lower case; "" for the site's empty `slot- `."""
    for name in (element.get("class") or "").split():
        if name.startswith("slot-"):
            return name.removeprefix("slot-").lower()
    return ""


def grid_speakers(value: str) -> tuple[str, ...]:
    """Names as a grid cell joins them ("Brett Cannon, Dino Viehland"): only where no better source has them.

    A comma inside one name ("…, PhD") splits it here; the detail page's links, when read, replace this.
    """
    return tuple(name for name in (one_line(part) for part in value.split(",")) if name)


def presentation_id(href: str | None) -> str:
    """The site's own id from a link to a presentation page, or "" when the link is not one."""
    match = PRESENTATION_ID.search(href or "")
    return match.group(1) if match else ""


def page_url(base: str, href: str | None) -> str:
    """Absolute URL of a link resolved against the page's address, without the crawler's index.html."""
    return urljoin(base, href or "").removesuffix("index.html")


def presentation_link(
    element: HtmlElement, base: str, failures: list[str] | None = None
) -> tuple[str, str, HtmlElement] | None:
    """(id, absolute url, link) of the first link in `element` to a presentation page, resolved against the
    page's address before the id is read. A link that leaves the page's site keeps its id but no url, so
    nothing ever fetches it (or publishes it); `failures` hears of it."""
    host = urlsplit(base)[:2]
    for link in element.iter("a"):
        url = page_url(base, link.get("href"))
        source_id = presentation_id(url)
        if not source_id:
            continue
        if urlsplit(url)[:2] != host:
            if failures is not None:
                failures.append(
                    f"{base}: the link for presentation {source_id} leaves the site ({url[:80]}): not followed"
                )
            url = ""
        return source_id, url, link
    return None


def clock(value: str) -> time | None:
    """A grid's row time such as "10:50AM"."""
    try:
        return datetime.strptime(one_line(value).upper().replace(" ", ""), "%I:%M%p").time()
    except ValueError:
        return None


DJANGO_TIME = re.compile(r"(noon|midnight|(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?)", re.IGNORECASE)


def django_times(value: str) -> list[time]:
    """Every time written in Django's "P" format in `value`: "9 a.m.", "11:30 a.m.", "noon"."""
    found = []
    for whole, hour, minute, half in DJANGO_TIME.findall(value):
        if whole.lower() in ("noon", "midnight"):
            found.append(time(12 if whole.lower() == "noon" else 0))
            continue
        hour_24 = int(hour) % 12 + (12 if half.lower() == "p" else 0)
        found.append(time(hour_24, int(minute or 0)))
    return found


def long_date(value: str) -> date | None:
    """The first date written out in `value` ("Tutorials — May 12, 2021", "Friday - May 17th, 2024")."""
    match = LONG_DATE.search(value or "")
    if match is None:
        return None
    month = match["month"][:3]
    try:
        return datetime.strptime(f"{month} {match['day']} {match['year']}", "%b %d %Y").date()
    except ValueError:
        return None


def heading_date(value: str) -> date | None:
    """A day heading's date, written out or ISO ("2022-04-29", an element's id)."""
    found = long_date(value)
    if found is not None:
        return found
    match = ISO_DATE.search(value or "")
    try:
        return date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        return None


def at(day: date | None, clock_time: time | None, tz) -> datetime | None:
    if day is None or clock_time is None:
        return None
    return datetime.combine(day, clock_time, tzinfo=tz)


@dataclass
class GridPage:
    """What one schedule page yields, before detail pages are read."""

    presentations: list[PresentationRecord] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    follow_urls: list[str] = field(default_factory=list)  # pages that complete these records


@dataclass
class _PlainItem:
    kind: str
    title: str
    start: datetime
    end: datetime | None
    rooms: list[str]
    all_rooms: list[str]
    named_room: str


class PlainItems:
    """Grid cells without a page of their own (plenaries, breaks, meals), made into one item each.

    They have no id on the site, so they get one from what does not change when they move: kind, day and
    title ("plenary-2016-05-30-keynote-lorena-barba"); the second "Break" of a day is "…-break-2". A
    keynote moved by five minutes is then an update, not a cancellation and a new item. A lunch drawn
    as one cell per room is one item; its room is "" when it covers every room of the grid (what a
    reader expects of a keynote or a break for everyone), else the rooms it covers.
    """

    def __init__(self) -> None:
        self._items: dict[tuple[str, str, datetime], _PlainItem] = {}

    def add(
        self,
        *,
        kind: str,
        title: str,
        start: datetime,
        end: datetime | None,
        rooms: list[str],
        all_rooms: list[str],
        named_room: str = "",
    ) -> None:
        """One cell; `named_room` is a room the cell itself names, which wins over its columns."""
        key = (kind, title, start)
        item = self._items.get(key)
        if item is None:
            self._items[key] = _PlainItem(kind, title, start, end, list(rooms), list(all_rooms), named_room)
            return
        item.rooms += [room for room in rooms if room not in item.rooms]
        item.all_rooms += [room for room in all_rooms if room not in item.all_rooms]
        if end is not None and (item.end is None or end > item.end):
            item.end = end

    def records(self) -> list[PresentationRecord]:
        seen: dict[str, int] = defaultdict(int)
        records = []
        for item in sorted(self._items.values(), key=lambda item: item.start):
            base = f"{item.kind}-{item.start:%Y-%m-%d}-{slugify(item.title, length=40) or 'untitled'}"
            seen[base] += 1
            records.append(
                PresentationRecord(
                    source_id=base if seen[base] == 1 else f"{base}-{seen[base]}",
                    title=item.title,
                    kind=item.kind,
                    room=item.named_room or _covered(item.rooms, item.all_rooms),
                    start=item.start,
                    end=item.end,
                )
            )
        return records


def read_grid(days: Iterable[HtmlElement], read_day: Callable[..., None], **where) -> GridPage:
    """What both grid layouts do with their days: `read_day(day, page=…, plain=…, **where)` for each, then
    one record for each plain item the days drew (a lunch across every room is one item)."""
    page, plain = GridPage(), PlainItems()
    for day in days:
        read_day(day, page=page, plain=plain, **where)
    page.presentations += plain.records()
    return page


def _covered(rooms: list[str], all_rooms: list[str]) -> str:
    return "" if set(all_rooms) <= set(rooms) else ", ".join(rooms)
