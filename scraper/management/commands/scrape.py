"""Scrape one year of PyCon US's schedule pages into the database.

python manage.py scrape --year 2016 [--base-url URL] [--timezone TZ] [--dry-run]
"""

import logging

from django.core.management.base import BaseCommand, CommandError

from scraper.fetch import Fetcher
from scraper.progress import ProgressBar
from scraper.pycon import scrape_pycon
from scraper.records import ScheduleUnreadable
from scraper.reporting import add_import_arguments, import_and_report

logger = logging.getLogger("scraper")


class Command(BaseCommand):
    help = "Scrape PyCon US's schedule pages for one year into the database."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--base-url", default="https://us.pycon.org")
        parser.add_argument("--timezone", default=None, help="IANA zone; default: where that PyCon was held")
        add_import_arguments(parser)

    def handle(self, *args, year, base_url, timezone, dry_run, force, **options):
        progress = ProgressBar(self.stderr._out, label=f"PyCon {year}")
        logger.info("scraping PyCon %s from %s", year, base_url)
        try:
            with Fetcher() as fetcher:
                schedule = scrape_pycon(
                    year, base_url=base_url, timezone=timezone, fetcher=fetcher, on_progress=progress.update
                )
        except ScheduleUnreadable as error:
            logger.error("PyCon %s: cannot read the schedule: %s", year, error)
            raise CommandError(f"cannot read the schedule: {error}") from error
        finally:
            progress.close()
        logger.info(
            "PyCon %s: fetched %d pages under %s, %d presentations read",
            year,
            progress.total,
            schedule.source_url,
            len(schedule.presentations),
        )
        import_and_report(self, schedule, source=f"PyCon {year}", dry_run=dry_run, force=force)
