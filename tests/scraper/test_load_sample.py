"""`load_sample`: the sample conference dated around today on a new database, unchanged on a second run."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from presentations import clock
from presentations.models import Conference, Presentation, SpeakerBio
from presentations.speakers import speaker_slug
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


@pytest.mark.django_db
def test_load_sample_gives_two_of_three_speakers_a_bio_on_their_page(client, capsys):
    call_command("load_sample")
    speakers = {name for names in Presentation.objects.values_list("speakers", flat=True) for name in names}
    with_bio = sorted(SpeakerBio.objects.values_list("name", flat=True))

    page = client.get(f"/{SLUG}/speakers/{speaker_slug(with_bio[0])}/").content.decode()

    assert set(with_bio) < speakers and len(with_bio) == len(speakers) - len(speakers) // 3
    assert f'<h2 id="bio-1-h">About {with_bio[0]}</h2>' in page
