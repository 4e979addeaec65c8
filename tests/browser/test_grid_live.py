"""The grid's stars follow the person's marks live, in real Chromium against a real Daphne: a star pressed
in one grid tab lights in the other grid tab and on the list tab, and a removal on the list clears both
grids, without a reload."""

import re

import pytest
from playwright.sync_api import expect

from interests.models import Interest
from presentations.models import Presentation
from scraper.importer import import_schedule
from scraper.sample import SLUG, sample_schedule


def open_page(context, url: str):
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: page.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-live", "connected")
    page.evaluate("window.notReloaded = true")  # survives only if the page is never reloaded
    return page


@pytest.mark.django_db(transaction=True)
def test_grid_marks_follow_other_tabs_live(browser, daphne, make_user, session_cookie):
    conference = import_schedule(sample_schedule()).conference
    talk = Presentation.objects.filter(conference=conference, kind="talk").in_schedule_order().first()
    day = talk.start.astimezone(conference.tzinfo).date().isoformat()
    ada = make_user(username="ada")
    host = daphne()
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": session_cookie(ada), "url": f"http://{host}/"}])
    grid_url = f"http://{host}/{SLUG}/grid/?day={day}"
    first, second = open_page(context, grid_url), open_page(context, grid_url)
    schedule = open_page(context, f"http://{host}/{SLUG}/?day={day}")

    def grid_item(page):
        return page.locator(f'.grid-item[data-presentation="{talk.pk}"]')

    card_button = schedule.locator(f'article[data-presentation="{talk.pk}"] .interest-button')

    grid_item(first).get_by_role("button", name="In my calendar").click()

    expect(grid_item(second).locator(".star")).to_have_attribute("aria-pressed", "true")
    expect(grid_item(second)).to_have_class(re.compile(r"\bis-marked\b"))
    expect(grid_item(second).locator('input[name="interested"]')).to_have_value("0")
    expect(card_button).to_have_text("Remove from Calendar")
    assert list(Interest.objects.filter(user=ada).values_list("presentation_id", flat=True)) == [talk.pk]

    card_button.click()

    for page in (first, second):
        expect(grid_item(page).locator(".star")).to_have_attribute("aria-pressed", "false")
        expect(grid_item(page)).not_to_have_class(re.compile(r"\bis-marked\b"))
        expect(grid_item(page).locator('input[name="interested"]')).to_have_value("1")
    assert Interest.objects.filter(user=ada).count() == 0
    pages = [first, second, schedule]
    assert [page.evaluate("window.notReloaded") for page in pages] == [True, True, True]
    assert [page.console_errors for page in pages] == [[], [], []]
    context.close()
