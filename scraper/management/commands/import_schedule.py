"""Import a schedule export (Symposion JSON, frab/pentabarf XML, frab/pretalx JSON) from a file or URL.

python manage.py import_schedule PATH_OR_URL [--format auto|symposion-json|frab-xml|frab-json] [--slug S]
"""

import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scraper.export_checks import MAX_EXPORT_BYTES, check_size
from scraper.fetch import Fetcher, FetchError
from scraper.formats import parse_export
from scraper.printed import PRINTED
from scraper.records import ScheduleUnreadable
from scraper.reporting import add_import_arguments, import_and_report

logger = logging.getLogger("scraper")

FORMATS = ["auto", "symposion-json", "frab-xml", "frab-json"]


class Command(BaseCommand):
    help = "Import a schedule export file or URL into the database."

    def add_arguments(self, parser):
        parser.add_argument("source", help="a file path or an http(s) URL")
        parser.add_argument("--format", choices=FORMATS, default="auto")
        parser.add_argument("--slug", default=None, help="the conference's slug here (default: from the file)")
        add_import_arguments(parser)

    def handle(self, *args, source, format, slug, dry_run, force, **options):
        logger.info("importing %s", source)
        try:
            data = self.read(source)
            schedule = parse_export(data, format=format, source_url=source, slug=slug)
        except ScheduleUnreadable as error:
            logger.error("%s: cannot read the schedule: %s", source, error, extra=PRINTED)
            raise CommandError(f"cannot read the schedule: {error}") from error
        except CommandError as error:
            logger.error("%s: %s", source, error, extra=PRINTED)
            raise
        logger.info("%s: read %d bytes, %d presentations", source, len(data), len(schedule.presentations))
        import_and_report(self, schedule, source=source, dry_run=dry_run, force=force)

    def read(self, source: str) -> bytes:
        if source.startswith(("http://", "https://")):
            try:
                with Fetcher(max_bytes=MAX_EXPORT_BYTES) as fetcher:
                    return fetcher.get(source)
            except FetchError as error:
                raise CommandError(f"cannot read the schedule: {error}") from error
        try:
            path = Path(source)
            check_size(path.stat().st_size)  # before reading: a huge file is refused without loading it
            return path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read the schedule: {error.strerror}: {source}") from error
