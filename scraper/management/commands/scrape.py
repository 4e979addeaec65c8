"""Scrape PyCon US's schedule pages, one year or several, into the database.

python manage.py scrape --year 2016 [2018 2021-2025] [--base-url URL] [--timezone TZ] [--dry-run] [--force]
"""

import logging
import re

from django.core.management.base import BaseCommand, CommandError

from scraper.fetch import Fetcher
from scraper.printed import PRINTED
from scraper.progress import ProgressBar
from scraper.pycon import DEFAULT_BASE_URL, scrape_pycon
from scraper.records import ScheduleUnreadable
from scraper.reporting import add_import_arguments, import_and_report

logger = logging.getLogger("scraper")
MAX_REASONS = 10
YEARS = re.compile(r"(\d{4})(?:-(\d{4}))?")


def years(value: str) -> list[int]:
    """ "2016" or "2013-2025"."""
    match = YEARS.fullmatch(value.strip())
    if not match:
        raise ValueError(value)
    first, last = int(match[1]), int(match[2] or match[1])
    if last < first or last - first > 50:
        raise ValueError(value)
    return list(range(first, last + 1))


years.__name__ = "year or range"  # argparse names the type in its error


class Command(BaseCommand):
    help = "Scrape PyCon US's schedule pages (one year, several, or a range like 2013-2025) into the database."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=years, nargs="+", required=True, help="years: 2016, or 2013-2025")
        parser.add_argument("--base-url", default=DEFAULT_BASE_URL)
        parser.add_argument("--timezone", default=None, help="IANA zone; default: where that PyCon was held")
        add_import_arguments(parser)

    def handle(self, *args, year, base_url, timezone, dry_run, force, verbosity, **options):
        wanted = list(dict.fromkeys(y for group in year for y in group))
        stopped = []
        for one in wanted:
            try:
                self.scrape_one(
                    one,
                    base_url=base_url,
                    timezone=timezone,
                    dry_run=dry_run,
                    force=force,
                    verbosity=verbosity,
                    prefix=f"PyCon {one}: " if len(wanted) > 1 else "",
                )
            except CommandError as error:
                if len(wanted) == 1:
                    raise
                self.stderr.write(f"PyCon {one}: {error}")
                stopped.append(one)
        if stopped:
            raise CommandError(f"{len(stopped)} of {len(wanted)} years stopped: {', '.join(map(str, stopped))}")

    def report_reasons(self, year: int, reasons: list[str]) -> None:
        """Why each page gave nothing: one line a page, at most MAX_REASONS, then how many more."""
        for line in reasons[:MAX_REASONS]:
            self.stderr.write(f"stopped: {line}")
            logger.error("PyCon %s: stopped: %s", year, line, extra=PRINTED)
        if len(reasons) > MAX_REASONS:
            self.stderr.write(f"stopped: … and {len(reasons) - MAX_REASONS} more pages")

    def scrape_one(self, year, *, base_url, timezone, dry_run, force, verbosity, prefix):
        progress = ProgressBar(enabled=self.stderr.isatty(), label=f"PyCon {year}")
        logger.info("scraping PyCon %s from %s", year, base_url)
        try:
            with Fetcher() as fetcher:
                schedule = scrape_pycon(
                    year, base_url=base_url, timezone=timezone, fetcher=fetcher, on_progress=progress.update
                )
        except ScheduleUnreadable as error:
            self.report_reasons(year, error.reasons)
            logger.error("PyCon %s: cannot read the schedule: %s", year, error, extra=PRINTED)
            raise CommandError(f"cannot read the schedule: {error}") from error
        finally:
            progress.close()
        for note in schedule.notes:
            shown = verbosity >= 2
            logger.info("PyCon %s: %s", year, note, extra=PRINTED if shown else None)
            if shown:
                self.stdout.write(note)
        logger.info(
            "PyCon %s: fetched %d pages under %s, %d presentations read",
            year,
            schedule.requests,
            schedule.source_url,
            len(schedule.presentations),
        )
        import_and_report(self, schedule, source=f"PyCon {year}", dry_run=dry_run, force=force, prefix=prefix)
