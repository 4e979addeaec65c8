"""What each archived PyCon US year's own pages and exports say, read here without the scraper's code.

Each reader returns {presentation id: Truth} for the talks a year's most direct source lists, from that
source alone: conference.json where the year has one, else its session pages (2016), its talks list
(2018), or its detail pages (2012, 2021, with times from the grid's own `data-timestamp`). Fields a
source does not give are None and are not compared.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import lxml.html

TIME = re.compile(r"(noon|midnight|(\d{1,2})(?::(\d{2}))?\s*([ap])\.m\.)")


@dataclass(frozen=True)
class Truth:
    title: str
    speakers: tuple[str, ...] | None = None
    start: str | None = None  # wall clock, "2016-05-30 10:50", or "Monday 10:50" where only a weekday is given
    end: str | None = None
    room: str | None = None
    kind: str | None = None
    audience: str | None = None
    category: str | None = None


def _page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes(), parser=lxml.html.HTMLParser(encoding="utf-8"))


def _line(element) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def _clock(value: str) -> list[str]:
    found = []
    for whole, hour, minute, half in TIME.findall(value):
        if whole in ("noon", "midnight"):
            found.append("12:00" if whole == "noon" else "00:00")
        else:
            found.append(f"{int(hour) % 12 + (12 if half == 'p' else 0):02d}:{int(minute or 0):02d}")
    return found


def _profile_links(element) -> tuple[str, ...]:
    return tuple(_line(a) for a in element.xpath(".//a[contains(@href, 'speaker/profile')]"))


def export_entries(schedule: Path) -> list[dict]:
    document = json.loads((schedule / "conference.json").read_text())
    entries = document["schedule"] if isinstance(document, dict) else document
    return [entry for entry in entries if entry["kind"] != "blank"]


def from_export(schedule: Path) -> dict[str, Truth]:
    """conference.json's talks: id from conf_url, wall times as written."""
    truths = {}
    for entry in export_entries(schedule):
        match = re.search(r"/presentation/(\d+)/", entry.get("conf_url") or "")
        if entry["kind"] != "talk" or not match:
            continue
        truths[match.group(1)] = Truth(
            title=" ".join(html.unescape(entry["name"]).split()),
            speakers=tuple(speaker["name"] for speaker in entry.get("speakers") or [])
            or tuple(entry.get("authors") or ()),
            start=entry["start"][:16].replace("T", " "),
            end=entry["end"][:16].replace("T", " "),
            room=entry["room"],
            kind=entry["kind"],
        )
    return truths


def export_kinds(schedule: Path) -> Counter:
    """Entries per kind, and each poster of a poster session as a poster of its own."""
    counts: Counter = Counter()
    for entry in export_entries(schedule):
        counts[entry["kind"]] += 1
        counts["poster"] += len(entry.get("sessions") or [])
    return +counts


def from_sessions(schedule: Path) -> dict[str, Truth]:
    """2016-era session pages: "2016-05-30 - 10:50:00 to 11:20:00 - talk in Room" beside "#1658 Title"."""
    row = re.compile(r"(\d{4}-\d{2}-\d{2}) - (\d{1,2}:\d{2}):\d{2} to (\d{1,2}:\d{2}):\d{2} - (\S+) in (.*)")
    truths = {}
    for path in sorted(schedule.glob("session/*/index.html")):
        for tr in _page(path).iter("tr"):
            cells = tr.findall("td")
            links = [a for a in tr.iter("a") if "/presentation/" in (a.get("href") or "")]
            match = row.match(_line(cells[0])) if cells else None
            if not match or not links:
                continue
            source_id = re.search(r"/presentation/(\d+)/", links[0].get("href")).group(1)
            day, start, end, kind, room = match.groups()
            detail = schedule / f"presentation/{source_id}/index.html"
            box = _page(detail).find_class("box-content")[0] if detail.exists() else None
            truths[source_id] = Truth(
                title=_line(box.find(".//h2")) if box is not None else _title_of(links[0]),
                speakers=_profile_links(box.xpath("./h2/following-sibling::h4[1]")[0]) if box is not None else None,
                start=f"{day} {int(start[:-3]):02d}:{start[-2:]}",
                end=f"{day} {int(end[:-3]):02d}:{end[-2:]}",
                room=room.strip(),
                kind=kind,
            )
    return truths


def _title_of(link) -> str:
    return re.sub(r"^#\d+\s*", "", _line(link)).rsplit(" (", 1)[0]


def from_talk_list(schedule: Path) -> dict[str, Truth]:
    """2018-era /talks/list/: `h2 > a#presentation-N`, names, "Saturday 5:10 p.m.–5:40 p.m. in Room"."""
    truths = {}
    for heading in _page(schedule / "talks/list/index.html").xpath("//h2[a[starts-with(@id, 'presentation-')]]"):
        source_id = heading.find("a").get("id").removeprefix("presentation-")
        bold = heading.xpath("following-sibling::p[1]/b")
        when = _line(bold[1]) if len(bold) > 1 else ""
        weekday = when.split(" ", 1)[0]
        times = _clock(when)
        truths[source_id] = Truth(
            title=_line(heading),
            start=f"{weekday} {times[0]}" if times else None,
            end=f"{weekday} {times[1]}" if len(times) > 1 else None,
            room=when.rpartition(" in ")[2] if " in " in when else None,
        )
    return truths


def from_details(schedule: Path, kind: str | None = None) -> dict[str, Truth]:
    """Detail pages of any layout: title and speaker links; 2011–2012 also type, date and times."""
    truths = {}
    for path in sorted(schedule.glob("presentation/*/index.html")):
        page = _page(path)
        source_id = path.parent.name
        heading = page.xpath("//div[contains(@class, 'panel-heading')]/h3")
        if heading:
            body = page.xpath("//div[contains(@class, 'panel-body')]")
            title = _line(heading[0]).split(": ", 1)[-1]
            truths[source_id] = Truth(title=title, speakers=_profile_links(body[0]) if body else ())
            continue
        old = page.xpath("//section[@id='body']//div[@class='slot']")
        if old:
            container = old[0].getparent()
            terms = {_line(dt).rstrip(":"): _line(dt.getnext()) for dt in container.iter("dt")}
            when = _line(old[0])
            times = _clock(when)
            month_day = re.match(r"([A-Z][a-z]+) (\d{1,2})", when)
            day = (
                datetime.strptime(f"{month_day[1]} {month_day[2]} {schedule.parent.name}", "%B %d %Y")
                if month_day
                else None
            )
            truths[source_id] = Truth(
                title=_line(container.find("h1")),
                speakers=_profile_links(container.find_class("speakers")[0])
                if container.find_class("speakers")
                else (),
                start=f"{day:%Y-%m-%d} {times[0]}" if day and times else None,
                end=f"{day:%Y-%m-%d} {times[1]}" if day and len(times) > 1 else None,
                kind=terms.get("Type", "").lower() or None,
            )
    return {key: truth for key, truth in truths.items() if kind is None or truth.kind in (None, kind)}


def grid_starts(schedule: Path) -> dict[str, str]:
    """Where a grid's rows carry `data-timestamp` (2021–2023): each linked cell's start, as written."""
    starts = {}
    for cell in _page(schedule / "index.html").xpath("//td[contains(@class, 'slot')]"):
        stamp = cell.getparent().xpath("./td[contains(@class, 'time')]/@data-timestamp")
        links = cell.xpath(".//a[contains(@href, 'presentation/')]/@href")
        if stamp and links:
            source_id = re.search(r"presentation/(\d+)/", links[0]).group(1)
            starts[source_id] = stamp[0][:16].replace("T", " ")
    return starts


def detail_levels(schedule: Path) -> dict[str, tuple[str | None, str | None]]:
    """(level, category) from every detail page that names them: a `dl` of "Audience level:" and
    "Category:" (2012–2019) or 2025's "Experience Level:" beside "Presented by"."""
    found = {}
    for path in sorted(schedule.glob("presentation/*/index.html")):
        page = _page(path)
        terms = {_line(dt).rstrip(":").lower(): _line(dt.getnext()) for dt in page.iter("dt")}
        for heading in page.xpath("//h2[contains(@class, 'presentation-detail-meta-headline')]"):
            terms[_line(heading).rstrip(":").lower()] = _line(heading.getnext())
        level = terms.get("audience level") or terms.get("experience level")
        if level or terms.get("category"):
            found[path.parent.name] = (level, terms.get("category"))
    return found
