"""`load_sample`: the sample conference dated around today on a new database, unchanged on a second run."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from presentations import clock
from presentations.models import Conference, Presentation
from scraper.sample import SLUG, TIMEZONE


@pytest.mark.django_db
def test_load_sample_on_a_new_database_is_happening_now(capsys):
    call_command("load_sample")

    conference = Conference.objects.get(slug=SLUG)
    today = datetime.now(ZoneInfo(TIMEZONE)).date()
    assert (conference.start_date, conference.end_date) == (today - timedelta(days=1), today + timedelta(days=2))
    assert clock.conference_is_on(conference, clock.now())
    assert "created" in capsys.readouterr().out


@pytest.mark.django_db
def test_load_sample_again_keeps_its_dates_and_changes_nothing(capsys):
    call_command("load_sample", "--first-day", "2026-05-13")
    capsys.readouterr()
    first = list(Presentation.objects.order_by("pk").values_list("start", flat=True))

    call_command("load_sample")

    assert capsys.readouterr().out.startswith("created 0, updated 0, unchanged")
    assert list(Presentation.objects.order_by("pk").values_list("start", flat=True)) == first
    assert Conference.objects.get(slug=SLUG).start_date == date(2026, 5, 13)


@pytest.mark.django_db
def test_load_sample_refuses_a_bad_first_day():
    with pytest.raises(CommandError, match="--first-day 'soon' is not a date"):
        call_command("load_sample", "--first-day", "soon")

    assert Conference.objects.count() == 0
