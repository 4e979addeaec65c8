"""Scraping one year of PyCon US: which pages to fetch, which layout they are in, one ScheduleRecord out.

The parsing itself lives in `pycon2016` (Symposion tables, 2013-era to 2019-era sites) and `pycon2024`
(the newer CSS-grid site); this module only fetches, picks the layout and puts the pieces together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import ModuleType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scraper import pycon2016, pycon2024
from scraper.fetch import Fetcher, FetchError
from scraper.pycon_html import GridPage, parse_html
from scraper.records import PresentationRecord, ScheduleRecord, ScheduleUnreadable

DEFAULT_BASE_URL = "https://us.pycon.org"

# The pages do not name their time zone; where each PyCon US was held does.
VENUE_TIMEZONES = {
    2013: "America/Los_Angeles",  # Santa Clara
    2014: "America/Toronto",  # Montréal (America/Montreal is only a link to America/Toronto)
    2015: "America/Toronto",
    2016: "America/Los_Angeles",  # Portland
    2017: "America/Los_Angeles",
    2018: "America/New_York",  # Cleveland
    2019: "America/New_York",
    # Online: 2020 was to be in Pittsburgh and the PSF runs from the US east coast; Eastern is our choice.
    2020: "America/New_York",
    2021: "America/New_York",
    2022: "America/Denver",  # Salt Lake City
    2023: "America/Denver",
    2024: "America/New_York",  # Pittsburgh
    2025: "America/New_York",
    2026: "America/Los_Angeles",  # Long Beach
    2027: "America/Los_Angeles",
}

# Schedule pages under /<year>/schedule/, whole-conference grid first. Later years lack some; that is a
# failure line, not an error, as long as one of them holds a schedule.
SCHEDULE_PAGES = ("", "talks/", "tutorials/", "sponsor-tutorials/", "posters/list/")
LAYOUTS: tuple[ModuleType, ...] = (pycon2016, pycon2024)

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


def scrape_pycon(
    year: int,
    *,
    base_url: str = DEFAULT_BASE_URL,
    timezone: str | None = None,
    fetcher: Fetcher,
    on_progress: Progress | None = None,
) -> ScheduleRecord:
    """The whole schedule of PyCon US `year`, or `ScheduleUnreadable` with a one-line reason.

    `on_progress(done, total)` follows every page fetched; `total` grows once the schedule pages show
    how many detail pages there are.
    """
    tz = venue_timezone(year, timezone)
    schedule_url = f"{base_url.rstrip('/')}/{year}/schedule/"
    progress = _Progress(on_progress)
    pages = fetcher.get_many([schedule_url + page for page in SCHEDULE_PAGES], on_done=progress.first_round)
    layout = _layout(pages, schedule_url)
    grids, failures = _read_pages(layout, pages, tz)
    records = _unique(record for grid in grids for record in grid.presentations)
    if not records:
        # Importing an empty schedule would cancel every talk: a page we cannot read is never "no talks".
        raise ScheduleUnreadable(f"no presentations found on the schedule pages at {schedule_url}")
    follow = [url for grid in grids for url in grid.follow_urls] + [r.url for r in records if r.url]
    details = fetcher.get_many(follow, on_done=progress.second_round)
    records, detail_failures = layout.complete(records, details, tz=tz)
    days = sorted(record.start.date() for record in records if record.start is not None)
    return ScheduleRecord(
        slug=f"pycon-{year}",
        name=f"PyCon US {year}",
        timezone=tz.key,
        source_url=schedule_url,
        presentations=records,
        failures=failures + detail_failures,
        start=days[0] if days else None,
        end=days[-1] if days else None,
    )


def _layout(pages: dict[str, bytes | FetchError], schedule_url: str) -> ModuleType:
    """The layout of the first page that holds a schedule grid."""
    for content in pages.values():
        if isinstance(content, bytes):
            document = parse_html(content)
            for layout in LAYOUTS:
                if layout.is_schedule(document):
                    return layout
    errors = [content for content in pages.values() if isinstance(content, FetchError)]
    if len(errors) == len(pages):
        raise ScheduleUnreadable(f"could not fetch the schedule: {errors[0]}")
    raise ScheduleUnreadable(f"no PyCon schedule grid found under {schedule_url}")


def _read_pages(
    layout: ModuleType, pages: dict[str, bytes | FetchError], tz: ZoneInfo
) -> tuple[list[GridPage], list[str]]:
    grids, failures = [], []
    for url, content in pages.items():
        if isinstance(content, FetchError):
            failures.append(str(content))
            continue
        try:
            grid = layout.parse_page(content, url=url, tz=tz)
        except ScheduleUnreadable as exc:
            failures.append(str(exc))
            continue
        grids.append(grid)
        failures += grid.failures
    return grids, failures


def _unique(records: Iterable[PresentationRecord]) -> list[PresentationRecord]:
    """One record per id; the whole-conference grid comes first, so its reading wins."""
    by_id: dict[str, PresentationRecord] = {}
    for record in records:
        by_id.setdefault(record.source_id, record)
    return list(by_id.values())


class _Progress:
    """Numbers the pages of both fetch rounds as one count."""

    def __init__(self, report: Progress | None) -> None:
        self.report = report
        self.offset = 0

    def first_round(self, done: int, total: int) -> None:
        self.offset = total
        if self.report is not None:
            self.report(done, total)

    def second_round(self, done: int, total: int) -> None:
        if self.report is not None:
            self.report(self.offset + done, self.offset + total)
