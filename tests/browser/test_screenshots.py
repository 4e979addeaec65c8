"""`make screenshots`: PNGs of the real 2016 schedule for the README, written to docs/screenshots/.

Skipped in ordinary runs so that a test run never rewrites files in the repository.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from interests.models import Interest
from presentations.models import Presentation

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 1000}
PHONE = {"width": 375, "height": 812}

SCROLL_TO_BLOCK = """block => block.closest('.grid-scroll').scrollTo(
    0, block.offsetTop - block.parentElement.firstElementChild.offsetHeight - 8)"""

pytestmark = [
    pytest.mark.screenshots,
    pytest.mark.skipif(os.environ.get("PYCONGUIDE_SCREENSHOTS") != "1", reason="run with `make screenshots`"),
]


def signed_in_cookie(live_server, django_user_model, conference) -> dict:
    """A signed-in attendee who marked a few Monday talks, as a session cookie for the browser."""
    user = django_user_model.objects.create(username="attendee")
    monday = Presentation.objects.filter(conference=conference, kind="talk", start__date="2016-05-30")
    for title in ("Machete-mode debugging", "Thinking In Coroutines", "Python as a configuration"):
        Interest.objects.create(user=user, presentation=monday.get(title__startswith=title))
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}


def test_screenshots_of_2016(live_server, browser, pycon_2016, django_user_model):
    OUT.mkdir(parents=True, exist_ok=True)
    cookie = signed_in_cookie(live_server, django_user_model, pycon_2016)
    machete = Presentation.objects.get(conference=pycon_2016, title__startswith="Machete-mode debugging")
    base = f"{live_server.url}/{pycon_2016.slug}/"
    shots = [
        ("list.png", f"{base}?day=2016-05-30#at-2016-05-30-1050", DESKTOP),
        ("grid.png", f"{base}grid/?day=2016-05-30", DESKTOP),
        ("talk.png", f"{live_server.url}/talks/{machete.pk}/", DESKTOP),
        ("phone.png", f"{base}?day=2016-05-30#at-2016-05-30-1050", PHONE),
    ]
    for name, url, viewport in shots:
        context = browser.new_context(viewport=viewport)
        context.add_cookies([cookie])
        page = context.new_page()
        page.goto(url)
        if name == "grid.png":
            keynote = page.locator(".grid-item", has_text="Keynote")
            # Scroll the grid's own container so the keynote sits just under the sticky room names.
            keynote.evaluate(SCROLL_TO_BLOCK)
        page.screenshot(path=str(OUT / name))
        context.close()

    # The folder holds the other tests' shots too (offline, at scale): these four are this test's.
    assert {"grid.png", "list.png", "phone.png", "talk.png"} <= {path.name for path in OUT.glob("*.png")}


@pytest.fixture
def fosdem(shared_data, transactional_db):
    from scraper.formats import parse_export
    from scraper.importer import import_schedule

    schedule = parse_export((shared_data / "frab-xml" / "fosdem-2024-schedule.xml").read_bytes())
    return import_schedule(schedule).conference


def test_screenshots_at_scale(live_server, browser, pycon_2016, fosdem, django_user_model):
    from collections import Counter
    from datetime import date, timedelta

    from presentations.models import SpeakerBio
    from presentations.speakers import speaker_slug
    from scraper.importer import import_schedule
    from scraper.sample import sample_schedule

    import_schedule(sample_schedule(date.today() - timedelta(days=1)))  # on now, as `load_sample` dates it
    OUT.mkdir(parents=True, exist_ok=True)
    cookie = signed_in_cookie(live_server, django_user_model, pycon_2016)
    # A speaker page as it is meant: the sample's busiest speaker who has a bio.
    names = Counter(name for p in Presentation.objects.filter(conference__slug="pyguide-sample") for name in p.speakers)
    with_bio = set(SpeakerBio.objects.filter(conference__slug="pyguide-sample").values_list("name", flat=True))
    busiest = next(name for name, _ in names.most_common() if name in with_bio)

    shots = [
        ("fosdem-grid.png", f"{live_server.url}/fosdem-2024/grid/?day=2024-02-03", DESKTOP),
        ("phone-grid.png", f"{live_server.url}/pycon-2016/grid/?day=2016-05-30&room=Oregon+Ballroom+201–202", PHONE),
        ("conferences.png", f"{live_server.url}/", DESKTOP),
        ("speaker.png", f"{live_server.url}/pyguide-sample/speakers/{speaker_slug(busiest)}/", DESKTOP),
    ]
    for name, url, viewport in shots:
        context = browser.new_context(viewport=viewport)
        context.add_cookies([cookie])
        page = context.new_page()
        page.goto(url)
        if name == "phone-grid.png":
            page.locator(".grid-item", has_text="Machete").evaluate(SCROLL_TO_BLOCK)
        page.screenshot(path=str(OUT / name))
        context.close()

    assert {"fosdem-grid.png", "phone-grid.png", "conferences.png", "speaker.png"} <= {
        p.name for p in OUT.glob("*.png")
    }
