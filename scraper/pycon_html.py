"""What both PyCon US page layouts share: reading HTML, cleaning text, clock times, grid items.

Bytes in, plain values out; no HTTP, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from scraper.records import PresentationRecord

PRESENTATION_ID = re.compile(r"/presentation/(\d+)(?:/|$)")
BLOCKS = {"p", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "div", "table"}
LISTS = {"ul", "ol"}


def parse_html(content: bytes) -> HtmlElement:
    """The document, or an empty one when there is nothing to read (empty or binary bytes)."""
    # Both PyCon sites serve UTF-8; forcing it keeps a page without a charset line from turning to Latin-1.
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        return lxml.html.document_fromstring(content, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return lxml.html.document_fromstring(b"<html></html>", parser=parser)


def text(element: HtmlElement | None) -> str:
    """The element's text on one line, whitespace collapsed (entities are already unescaped by lxml)."""
    if element is None:
        return ""
    return one_line(element.text_content())


def one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def first(element: HtmlElement, selector: str) -> HtmlElement | None:
    found = element.cssselect(selector)
    return found[0] if found else None


def paragraphs(value: str | None) -> str:
    """Plain text with paragraph breaks ("\\n\\n") and line breaks kept, other whitespace collapsed.

    The 2016 texts are Markdown-like: single newlines carry list items, blank lines separate paragraphs.
    """
    blocks = re.split(r"\n\s*\n", (value or "").replace("\r\n", "\n"))
    cleaned = ("\n".join(one_line(line) for line in block.split("\n") if line.strip()) for block in blocks)
    return "\n\n".join(block for block in cleaned if block)


def html_paragraphs(element: HtmlElement | None) -> str:
    """Plain text of an HTML fragment: one paragraph per block, list items as "- item" lines."""
    if element is None:
        return ""
    found: list[str] = []
    loose = [element.text or ""]  # text not inside any block joins the paragraph around it
    for child in element:
        if not isinstance(child.tag, str):
            loose.append(child.tail or "")
            continue
        if child.tag in BLOCKS or child.tag in LISTS:
            found.append(one_line("".join(loose)))
            loose = []
            found.append(_block_text(child))
        else:
            loose.append(child.text_content())
        loose.append(child.tail or "")
    found.append(one_line("".join(loose)))
    return "\n\n".join(block for block in found if block)


def _block_text(element: HtmlElement) -> str:
    if element.tag in LISTS:
        return "\n".join(f"- {text(item)}" for item in element.iter("li"))
    if element.tag == "pre":
        return element.text_content().strip("\n")
    return text(element)


def slot_kind(element: HtmlElement) -> str:
    """The slot kind from a `slot-talk`, `slot-Break`… class, lower case; "" for the site's empty `slot- `."""
    for name in (element.get("class") or "").split():
        if name.startswith("slot-"):
            return name.removeprefix("slot-").lower()
    return ""


def speakers(value: str) -> tuple[str, ...]:
    """Names as the site joins them: "Brett Cannon, Dino Viehland"."""
    return tuple(name for name in (one_line(part) for part in value.split(",")) if name)


def presentation_id(href: str | None) -> str:
    """The site's own id from a link to a presentation page, or "" when the link is not one."""
    match = PRESENTATION_ID.search(href or "")
    return match.group(1) if match else ""


def page_url(base: str, href: str) -> str:
    """Absolute URL of a link, without the crawler's trailing index.html (the site's own address)."""
    url = urljoin(base, href)
    return url.removesuffix("index.html")


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


def at(day: date | None, clock_time: time | None, tz: ZoneInfo) -> datetime | None:
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

    They have no id on the site, so they get a synthetic one from kind, day and start
    ("plenary-2016-05-30-0900"): stable across runs as long as the slot does not move, and not tied to
    the text, so that "Keynote — TBA" becoming "Keynote — Lorena Barba" is an update, not a new item.
    A lunch drawn as one cell per room is one item; its room is "" when it covers every room of the
    grid (what a reader expects of a keynote or a break for everyone), else the rooms it covers.
    """

    def __init__(self) -> None:
        self._items: dict[str, _PlainItem] = {}

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
        key = f"{kind}-{start:%Y-%m-%d-%H%M}"
        item = self._items.get(key)
        if item is not None and item.title != title:
            # Two different items in one slot (two grids on one day): the text tells them apart.
            key = f"{key}-{slug(title)}"
            item = self._items.get(key)
        if item is None:
            self._items[key] = _PlainItem(kind, title, start, end, list(rooms), list(all_rooms), named_room)
            return
        item.rooms += [room for room in rooms if room not in item.rooms]
        item.all_rooms += [room for room in all_rooms if room not in item.all_rooms]
        if end is not None and (item.end is None or end > item.end):
            item.end = end

    def records(self) -> list[PresentationRecord]:
        return [
            PresentationRecord(
                source_id=key,
                title=item.title,
                kind=item.kind,
                room=item.named_room or _covered(item.rooms, item.all_rooms),
                start=item.start,
                end=item.end,
            )
            for key, item in self._items.items()
        ]


def _covered(rooms: list[str], all_rooms: list[str]) -> str:
    return "" if set(all_rooms) <= set(rooms) else ", ".join(rooms)


def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:40]
