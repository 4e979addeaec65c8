"""What `scrape` and `import_schedule` print: failures named, changes on --dry-run, one summary line."""

from scraper.importer import ImportResult


def report(command, result: ImportResult, *, dry_run: bool) -> None:
    for failure in result.failures:
        command.stderr.write(f"failed: {failure}")
    if dry_run:
        for line in result.changes:
            command.stdout.write(f"would {line}")
    prefix = "dry run, nothing written: " if dry_run else ""
    command.stdout.write(prefix + result.summary())
