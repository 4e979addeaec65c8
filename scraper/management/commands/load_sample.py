"""Load the project's own sample conference (idempotent: a second run changes nothing)."""

from django.core.management.base import BaseCommand

from scraper.importer import import_schedule
from scraper.sample import sample_schedule


class Command(BaseCommand):
    help = "Load the sample conference: 4 days, 5 rooms, 100+ invented presentations."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="only when no conference is loaded yet")

    def handle(self, *args, if_empty, **options):
        from presentations.models import Conference

        if if_empty and Conference.objects.exists():
            self.stdout.write("a conference is already loaded; sample not loaded")
            return
        result = import_schedule(sample_schedule())
        self.stdout.write(result.summary())
