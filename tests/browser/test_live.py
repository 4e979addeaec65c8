"""Live updates in real Chromium against a real Daphne (live_server has no sockets).

Two browser contexts signed in as the same user and one signed out, all on the schedule page: adding a
talk in the first flips its button in the second and raises the count in the third, without a reload.
The live test runs on the real PyCon 2016 schedule (scraped from the local archive), the no-JavaScript
one on the sample conference.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from interests.models import Interest
from presentations.models import Presentation
from scraper.importer import import_schedule
from scraper.sample import SLUG, sample_schedule
from tests.browser.live_pages import open_page


@pytest.mark.django_db(transaction=True)
def test_interest_shows_live_in_other_tabs_and_to_visitors(browser, daphne, make_user, session_cookie, archive_url):
    call_command("scrape", "--year", "2016", "--base-url", archive_url, stdout=StringIO(), stderr=StringIO())
    talk = Presentation.objects.filter(conference__slug="pycon-2016", kind="talk").in_schedule_order().first()
    cookie = session_cookie(make_user(username="ada"))
    host = daphne()
    opened = [open_page(browser, host, "/pycon-2016/", c) for c in (cookie, cookie, None)]
    contexts, pages = zip(*opened, strict=True)
    first, second, visitor = pages

    def card(page):
        return page.locator(f'article[data-presentation="{talk.pk}"]')

    card(first).get_by_role("button", name="Add to Calendar").click()

    expect(card(second).locator(".interest-button")).to_have_text("Remove from Calendar")
    expect(card(second).locator(".interest-button")).to_have_attribute("aria-pressed", "true")
    expect(card(second).locator('input[name="interested"]')).to_have_value("0")
    expect(card(visitor).locator(".interest-count")).to_have_text("1")
    expect(card(first).locator(".interest-button")).to_have_text("Remove from Calendar")
    assert list(talk.interests.values_list("user__username", flat=True)) == ["ada"]

    card(first).get_by_role("button", name="Remove from Calendar").click()

    expect(card(second).locator(".interest-button")).to_have_text("Add to Calendar")
    expect(card(second).locator(".interest-button")).to_have_attribute("aria-pressed", "false")
    expect(card(visitor).locator(".interest-count")).to_have_text("0")
    assert talk.interests.count() == 0
    assert [page.evaluate("window.notReloaded") for page in pages] == [True, True, True]
    assert [page.console_errors for page in pages] == [[], [], []]
    for context in contexts:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_interest_form_still_works_without_javascript(browser, daphne, make_user, session_cookie):
    import_schedule(sample_schedule())
    talk = Presentation.objects.filter(conference__slug=SLUG, kind="talk").in_schedule_order().first()
    cookie = session_cookie(make_user(username="ada"))
    host = daphne()
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": f"http://{host}/"}])
    page = context.new_page()
    page.goto(f"http://{host}/{SLUG}/")

    page.locator(f'article[data-presentation="{talk.pk}"]').get_by_role("button", name="Add to Calendar").click()

    card = page.locator(f'article[data-presentation="{talk.pk}"]')
    expect(card.locator(".interest-button")).to_have_text("Remove from Calendar")
    expect(card.locator(".interest-count")).to_have_text("1")
    # Without JavaScript the form comes back to the card, not to the top of the page.
    assert page.url == f"http://{host}/{SLUG}/#p-{talk.pk}"
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_reconnected_page_takes_the_snapshot_without_downloading_the_schedule(
    browser, daphne, make_user, session_cookie
):
    """What a page missed while its socket was closed comes back in the new socket's snapshot: no
    schedule.json, no /me/interests.json."""
    import_schedule(sample_schedule())
    talks = list(Presentation.objects.filter(conference__slug=SLUG, kind="talk").in_schedule_order()[:2])
    ada = make_user(username="ada")
    host = daphne()
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": session_cookie(ada), "url": f"http://{host}/"}])
    downloads, sockets = [], []
    context.on("request", lambda r: downloads.append(r.url) if "json" in r.url else None)

    def through(route):
        route.connect_to_server()
        sockets.append(route)

    context.route_web_socket("**/ws/**", through)
    page = context.new_page()
    page.goto(f"http://{host}/{SLUG}/")
    expect(page.locator("body")).to_have_attribute("data-live", "connected")
    page.evaluate("window.notReloaded = true")
    # The service worker saves the conference for offline use (offline.json and the pages it names) once
    # the page has opened; that is not the reconnect's doing, so what is counted starts after it is done.
    expect(page.locator("body")).to_have_attribute("data-offline-saved", re.compile("."), timeout=60_000)
    downloads.clear()

    # Missed while closed: bulk_create sends no live message, so only the next snapshot can tell.
    Interest.objects.bulk_create([Interest(user=ada, presentation=talks[0])])
    Interest.objects.bulk_create([Interest(user=make_user(), presentation=talks[1])])
    sockets[0].close(code=4503)
    expect(page.locator("body")).to_have_attribute("data-live", "connected")

    first = page.locator(f'article[data-presentation="{talks[0].pk}"]')
    second = page.locator(f'article[data-presentation="{talks[1].pk}"]')
    expect(first.locator(".interest-button")).to_have_text("Remove from Calendar")
    expect(first.locator(".interest-count")).to_have_text("1")
    expect(second.locator(".interest-count")).to_have_text("1")
    assert (len(sockets), downloads, page.evaluate("window.notReloaded")) == (2, [], True)
    context.close()
