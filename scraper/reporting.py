"""What `scrape` and `import_schedule` share once a schedule is read: their --dry-run and --force options,
the import, and what they print: failures named, changes on --dry-run, one summary line.

The same goes to the log (logger `scraper`), with every change written, so that a run from cron leaves
a record of what it did: which conference, what moved, what failed. A line the command prints itself is
logged with `PRINTED` (scraper/printed.py), so the terminal shows it once.
"""

import logging

from django.core.management.base import CommandError

from scraper.importer import ImportRefused, ImportResult, import_schedule
from scraper.printed import PRINTED
from scraper.records import ScheduleRecord

logger = logging.getLogger("scraper")


def add_import_arguments(parser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")
    parser.add_argument(
        "--force", action="store_true", help="import even if it cancels more than a quarter of the schedule"
    )


def import_and_report(
    command, schedule: ScheduleRecord, *, source: str, dry_run: bool, force: bool, prefix: str = ""
) -> None:
    """Import `schedule` and print the outcome; a refused import is a CommandError naming `source`."""
    try:
        result = import_schedule(schedule, dry_run=dry_run, force=force)
    except ImportRefused as error:
        logger.error("%s: refused: %s", source, error, extra=PRINTED)
        raise CommandError(f"refused: {error}") from error
    report(command, result, dry_run=dry_run, prefix=prefix)


def report(command, result: ImportResult, *, dry_run: bool, prefix: str = "") -> None:
    slug = result.conference.slug if result.conference else "?"
    for failure in result.failures:
        command.stderr.write(f"failed: {failure}")
        logger.warning("%s: failed: %s", slug, failure, extra=PRINTED)
    for warning in result.warnings:
        command.stderr.write(f"warning: {warning}")
        logger.warning("%s: %s", slug, warning, extra=PRINTED)
    if dry_run:
        for line in result.changes:
            command.stdout.write(f"would {line}")
    else:
        for line in result.changes:
            # A first import creates hundreds; what matters later is what moved or went away.
            logger.log(logging.DEBUG if line.startswith("create ") else logging.INFO, "%s: %s", slug, line)
    prefix += "dry run, nothing written: " if dry_run else ""
    command.stdout.write(prefix + result.summary())
    logger.info("%s: %s%s", slug, prefix, result.summary(), extra=PRINTED)
