"""Scraping one year of PyCon US: which pages to fetch, which layout they are in, one ScheduleRecord out.

The order of trust, per field, is written down in `pycon_merge`; this module fetches and picks parsers:

1. `/<year>/schedule/conference.json`, where the year publishes it (2022 on): the main source.
2. The schedule pages the site's navigation names (and the usual ones, for years whose navigation names
   none), each in its layout family: `pycon_tables` (2011–2023), `pycon_cssgrid` (2024 on), and
   `pycon_lists` (posters and other list pages).
3. Session and presentation pages, for what the first two lack.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scraper import pycon_cssgrid, pycon_lists, pycon_merge, pycon_tables, symposion_json
from scraper.fetch import Fetcher, FetchError
from scraper.pycon_html import GridPage, parse_html
from scraper.records import PresentationRecord, ScheduleRecord, ScheduleUnreadable

DEFAULT_BASE_URL = "https://us.pycon.org"

# The pages do not name their time zone (2021 excepted: "Times in UTC."); where each PyCon US was held does.
VENUE_TIMEZONES = {
    2011: "America/New_York",  # Atlanta
    2012: "America/Los_Angeles",  # Santa Clara
    2013: "America/Los_Angeles",
    2014: "America/Toronto",  # Montréal (America/Montreal is only a link to America/Toronto)
    2015: "America/Toronto",
    2016: "America/Los_Angeles",  # Portland
    2017: "America/Los_Angeles",
    2018: "America/New_York",  # Cleveland
    2019: "America/New_York",
    # Online: 2020 was to be in Pittsburgh and the PSF runs from the US east coast; Eastern is our choice.
    # 2021's pages say "Times in UTC.", which wins (see `page_zone`).
    2020: "America/New_York",
    2021: "America/New_York",
    2022: "America/Denver",  # Salt Lake City
    2023: "America/Denver",
    2024: "America/New_York",  # Pittsburgh
    2025: "America/New_York",
    2026: "America/Los_Angeles",  # Long Beach
    2027: "America/Los_Angeles",
}

# Sections read when the navigation names none (2021's names none); a 404 for one of these is no failure.
USUAL_SECTIONS = ("talks/", "tutorials/", "sponsor-tutorials/", "posters/list/")
# Sections the navigation names that are not schedule items.
NOT_SCHEDULE = ("open-spaces", "volunteering", "account", "speaker", "presentation", "session")
GRIDS: tuple[ModuleType, ...] = (pycon_cssgrid, pycon_tables)
TIMES_IN = re.compile(r"Times in (UTC|[A-Z][A-Za-z_]+/[A-Za-z_]+)\.")

Progress = Callable[[int, int], None]


def venue_timezone(year: int, override: str | None = None) -> ZoneInfo:
    """The conference's zone: `override` if given, else where that year's PyCon US was held."""
    name = override or VENUE_TIMEZONES.get(year)
    if name is None:
        raise ScheduleUnreadable(f"no known venue for PyCon US {year}: give its time zone (--timezone)")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleUnreadable(f"unknown time zone {name!r}") from exc


@dataclass
class _Run:
    year: int
    schedule_url: str
    tz: ZoneInfo
    fetcher: Fetcher
    progress: _Progress
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why each page gave nothing, for a stopped run
    speaker_bios: dict[str, str] = field(default_factory=dict)  # from conference.json, where it has them


def scrape_pycon(
    year: int,
    *,
    base_url: str = DEFAULT_BASE_URL,
    timezone: str | None = None,
    fetcher: Fetcher,
    on_progress: Progress | None = None,
) -> ScheduleRecord:
    """The whole schedule of PyCon US `year`, or `ScheduleUnreadable` with a one-line reason.

    `on_progress(done, total)` follows every page fetched; `total` grows as pages name more pages.
    """
    tz = venue_timezone(year, timezone)
    schedule_url = f"{base_url.rstrip('/')}/{year}/schedule/"
    fetcher.allow_only(schedule_url)
    run = _Run(year, schedule_url, tz, fetcher, _Progress(on_progress))
    first = run.progress.fetch(fetcher, [schedule_url, schedule_url + "conference.json"])
    export = _read_export(run, first.pop(schedule_url + "conference.json"))
    sections = _sections(run, first[schedule_url])
    pages = {**first, **run.progress.fetch(fetcher, [url for url in sections if url not in first])}
    if timezone is None:
        run.tz = page_zone(pages.values()) or tz
    grids = _read_pages(run, pages, sections)
    records = pycon_merge.combine(export, grids, run.notes)
    if not records:
        # Importing an empty schedule would cancel every talk: a page we cannot read is never "no talks".
        raise ScheduleUnreadable(_stop_reason(run, pages, grids), reasons=run.reasons)
    details = run.progress.fetch(fetcher, _detail_urls(run, records, grids))
    records = pycon_merge.complete(records, details, tz=run.tz, exported={r.source_id for r in export})
    run.failures += [str(error) for error in details.values() if isinstance(error, Exception)]
    return _schedule(run, records, _missing_sections(sections, grids, records))


def _read_export(run: _Run, content: bytes | FetchError) -> list[PresentationRecord]:
    if isinstance(content, FetchError):
        if content.status != 404:
            run.failures.append(str(content))
        return []
    try:
        export = symposion_json.parse(content, source_url=run.schedule_url + "conference.json", slug="pycon")
    except ScheduleUnreadable as error:
        run.failures.append(f"{run.schedule_url}conference.json: {error}")
        return []
    run.notes.append(f"main source: {run.schedule_url}conference.json ({len(export.presentations)} entries)")
    run.failures += export.failures
    run.speaker_bios = export.speaker_bios
    return pycon_merge.in_venue_zone(export.presentations, run.tz, run.notes)


def _sections(run: _Run, index: bytes | FetchError) -> dict[str, bool]:
    """Schedule pages to read, each with whether the navigation names it (then it must yield something)."""
    named: dict[str, bool] = {}
    if isinstance(index, bytes):
        for link in parse_html(index).iter("a"):
            url = _section_url(run.schedule_url, urljoin(run.schedule_url, link.get("href") or ""))
            if url:
                named[url] = True
    sections = {run.schedule_url: True, **named}
    for usual in USUAL_SECTIONS:
        sections.setdefault(run.schedule_url + usual, False)
    return sections


def _section_url(schedule_url: str, url: str) -> str:
    url = url.split("#")[0].split("?")[0].removesuffix("index.html")
    if not url.startswith(schedule_url) or url == schedule_url:
        return ""
    path = url[len(schedule_url) :].strip("/")
    parts = path.split("/")
    if not path or "." in path or parts[0] in NOT_SCHEDULE or len(parts) > 2:
        return ""
    if len(parts) == 2 and not ({"list", "lists"} & set(parts) and "poster" in path):
        return ""  # talks/list/ repeats the grid; posters/list/ (2012: lists/posters/) is their only page
    return schedule_url + path + "/"


def page_zone(contents) -> ZoneInfo | None:
    """The zone a page says its times are in ("Times in UTC."), if one does."""
    for content in contents:
        if isinstance(content, bytes) and (match := TIMES_IN.search(content.decode("utf-8", "replace"))):
            try:
                return ZoneInfo(match.group(1))
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return None


def _read_pages(run: _Run, pages: dict[str, bytes | FetchError], sections: dict[str, bool]) -> dict[str, GridPage]:
    grids: dict[str, GridPage] = {}
    for url, content in pages.items():
        if isinstance(content, FetchError):
            if sections.get(url) or content.status != 404:
                run.failures.append(str(content))
                run.reasons.append(str(content))
            continue
        try:
            grids[url] = _read_page(run, content, url)
        except ScheduleUnreadable as error:
            run.failures.append(str(error))
            run.reasons.append(str(error))
            continue
        run.failures += grids[url].failures
        if not grids[url].presentations:
            run.reasons.append(f"{url}: " + ("; ".join(grids[url].failures[:1]) or "no presentations on it"))
    return grids


def _read_page(run: _Run, content: bytes, url: str) -> GridPage:
    document = parse_html(content)
    for layout in GRIDS:
        if layout.is_schedule(document):
            run.notes.append(f"{url}: layout {layout.__name__.removeprefix('scraper.')}")
            return pycon_merge.in_section(layout.parse_page(content, url=url, tz=run.tz), _section_name(url))
    section = _section_name(url)
    records = pycon_lists.parse_list(content, url=url, kind=section.removesuffix("s") or "talk")
    if records:
        run.notes.append(f"{url}: layout pycon_lists")
        return GridPage(presentations=records)
    raise ScheduleUnreadable(f"{url} holds no schedule grid or list the scraper knows")


def _detail_urls(run: _Run, records: list[PresentationRecord], grids: dict[str, GridPage]) -> list[str]:
    urls = [url for grid in grids.values() for url in grid.follow_urls]
    urls += [_on_base(run.schedule_url, record.url) for record in records if record.url]
    return [url for url in dict.fromkeys(urls) if url]


def _on_base(schedule_url: str, url: str) -> str:
    """An export's https://us.pycon.org/… link read from the site being scraped (the same path)."""
    parts = urlsplit(url)
    base = urlsplit(schedule_url)
    return f"{base.scheme}://{base.netloc}{parts.path}" if parts.path else ""


def _section_name(url: str) -> str:
    """ "sponsor-tutorials" for …/schedule/sponsor-tutorials/ and …/posters/list/ alike."""
    return url.rstrip("/").removesuffix("/list").rsplit("/", 1)[-1]


def _missing_sections(
    sections: dict[str, bool], grids: dict[str, GridPage], records: list[PresentationRecord]
) -> list[str]:
    kinds = {record.kind for record in records}
    missing = []
    for url, named in sections.items():
        name = _section_name(url)
        if not named or name in ("schedule", "lists") or (url in grids and grids[url].presentations):
            continue
        stem = name.rstrip("s").removeprefix("edu").replace("sponsor-", "sponsor")
        if not any(stem in kind.replace("sponsor-", "sponsor") or kind in stem for kind in kinds):
            missing.append(name)
    return missing


def _stop_reason(run: _Run, pages: dict[str, bytes | FetchError], grids: dict[str, GridPage]) -> str:
    """The one line that sums up why nothing was read."""
    errors = [content for content in pages.values() if isinstance(content, FetchError)]
    if len(errors) == len(pages):
        return f"could not fetch the schedule: {errors[0]}"
    if not grids:
        return f"no PyCon schedule grid found under {run.schedule_url}"
    return f"no presentations found on the schedule pages at {run.schedule_url}"


def _schedule(run: _Run, records: list[PresentationRecord], missing: list[str]) -> ScheduleRecord:
    days = sorted(record.start.date() for record in records if record.start is not None)
    return ScheduleRecord(
        slug=f"pycon-{run.year}",
        name=f"PyCon US {run.year}",
        timezone=run.tz.key,
        source_url=run.schedule_url,
        presentations=records,
        failures=run.failures,
        start=days[0] if days else None,
        end=days[-1] if days else None,
        notes=run.notes,
        missing_sections=missing,
        requests=run.progress.total,
        speaker_bios=run.speaker_bios,
    )


class _Progress:
    """Numbers the pages of every fetch round as one count."""

    def __init__(self, report: Progress | None) -> None:
        self.report = report
        self.total = 0

    def fetch(self, fetcher: Fetcher, urls: list[str]) -> dict[str, bytes | FetchError]:
        offset = self.total
        wanted = list(dict.fromkeys(urls))
        self.total += len(wanted)

        def done(count: int, _total: int) -> None:
            if self.report is not None:
                self.report(offset + count, self.total)

        return fetcher.get_many(wanted, on_done=done)
