"""What `scrape` and `import_schedule` print: failures named, changes on --dry-run, one summary line.

The same goes to the log (logger `scraper`), with every change written, so that a run from cron leaves
a record of what it did: which conference, what moved, what failed.
"""

import logging

from scraper.importer import ImportResult

logger = logging.getLogger("scraper")


def report(command, result: ImportResult, *, dry_run: bool) -> None:
    slug = result.conference.slug if result.conference else "?"
    for failure in result.failures:
        command.stderr.write(f"failed: {failure}")
        logger.warning("%s: failed: %s", slug, failure)
    if dry_run:
        for line in result.changes:
            command.stdout.write(f"would {line}")
    else:
        for line in result.changes:
            # A first import creates hundreds; what matters later is what moved or went away.
            logger.log(logging.DEBUG if line.startswith("create ") else logging.INFO, "%s: %s", slug, line)
    prefix = "dry run, nothing written: " if dry_run else ""
    command.stdout.write(prefix + result.summary())
    logger.info("%s: %s%s", slug, prefix, result.summary())
