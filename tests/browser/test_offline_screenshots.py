"""`make screenshots`: the offline list and a mark waiting to be sent, for the README (docs/screenshots/).

Skipped in ordinary runs so that a test run never rewrites files in the repository.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from presentations.models import Presentation

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = [
    pytest.mark.screenshots,
    pytest.mark.skipif(os.environ.get("PYCONGUIDE_SCREENSHOTS") != "1", reason="run with `make screenshots`"),
]


def test_screenshots_of_offline_use(live_server, browser, pycon_2016, django_user_model):
    user = django_user_model.objects.create(username="attendee")
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    url = f"{live_server.url}/{pycon_2016.slug}/?day=2016-05-30"
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-offline-saved", timeout=120_000)

    context.set_offline(True)
    page.goto(url)
    expect(page.locator(".offline-notice")).to_be_visible()
    page.screenshot(path=str(OUT / "offline-list.png"))

    machete = Presentation.objects.get(conference=pycon_2016, title__startswith="Machete-mode debugging")
    card = page.locator(f"#p-{machete.pk}")
    card.get_by_role("button", name="Add to Calendar").click()
    expect(card.locator(".interest-pending")).to_be_visible()
    card.screenshot(path=str(OUT / "offline-pending.png"))
    context.close()
