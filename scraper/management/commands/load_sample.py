"""Load the project's own sample conference, dated around today so a new site shows what it is for.

On a database without the sample, today is its first talk day: "Happening now", "Next" and the grid's
now line show at once. Once loaded, the sample keeps its dates, so running this again changes nothing.
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from presentations import clock
from scraper.importer import import_schedule
from scraper.sample import SLUG, TIMEZONE, sample_schedule


class Command(BaseCommand):
    help = "Load the sample conference (4 days, 5 rooms, 100+ invented presentations), its first talk day today."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="only when no conference is loaded yet")
        parser.add_argument(
            "--first-day",
            metavar="YYYY-MM-DD",
            help="the tutorial day (talks follow on the three days after); default: yesterday, or the dates "
            "the sample already has",
        )

    def handle(self, *args, if_empty, first_day, **options):
        from presentations.models import Conference

        if if_empty and Conference.objects.exists():
            self.stdout.write("a conference is already loaded; sample not loaded")
            return
        result = import_schedule(sample_schedule(self._first_day(first_day)))
        self.stdout.write(result.summary())

    def _first_day(self, given: str | None) -> date:
        from zoneinfo import ZoneInfo

        from presentations.models import Conference

        if given:
            try:
                return date.fromisoformat(given)
            except ValueError:
                raise CommandError(f"--first-day {given!r} is not a date (YYYY-MM-DD)") from None
        loaded = Conference.objects.filter(slug=SLUG).values_list("start_date", flat=True).first()
        if loaded:
            return loaded
        return clock.local(timezone.now(), ZoneInfo(TIMEZONE)).date() - timedelta(days=1)
