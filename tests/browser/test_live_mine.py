"""The person's own lists follow marks made elsewhere, live, in real Chromium against a real Daphne.

/me/ strikes a talk removed in another tab (its button offers to add it back) and says when one was added
elsewhere; "Only my talks" gains and loses cards, and its "N of M" count follows.
"""

import re

import pytest
from playwright.sync_api import expect

from interests.marking import set_interest
from presentations.models import Presentation
from scraper.importer import import_schedule
from scraper.sample import SLUG, sample_schedule
from tests.browser.live_pages import open_page

MARKED = re.compile(r"\bis-marked\b")


def press(page, talk: Presentation, name: str) -> None:
    page.locator(f'article[data-presentation="{talk.pk}"]').get_by_role("button", name=name).click()


@pytest.fixture
def marked(make_user, session_cookie):
    """The sample, a person who marked its first two talks, and their session cookie."""
    import_schedule(sample_schedule())
    talks = list(Presentation.objects.filter(conference__slug=SLUG, kind="talk").in_schedule_order()[:3])
    ada = make_user(username="ada")
    for talk in talks[:2]:
        set_interest(user=ada, presentation=talk, interested=True)
    return talks, session_cookie(ada)


@pytest.mark.django_db(transaction=True)
def test_my_talks_page_follows_marks_from_another_tab(browser, daphne, marked):
    (first, second, third), cookie = marked
    host = daphne()
    me_context, me = open_page(browser, host, "/me/", cookie)
    list_context, schedule = open_page(browser, host, f"/{SLUG}/", cookie)
    entry = me.locator(f'.my-talk[data-presentation="{first.pk}"]')
    expect(entry).to_have_class(MARKED)
    expect(me.locator(".me-live")).to_be_hidden()

    press(schedule, first, "Remove from Calendar")

    expect(entry.locator(".interest-button")).to_have_text("Add to Calendar")
    expect(entry).not_to_have_class(MARKED)
    expect(me.locator(f'.my-talk[data-presentation="{second.pk}"] .interest-button')).to_have_text(
        "Remove from Calendar"
    )

    press(schedule, third, "Add to Calendar")

    expect(me.locator(".me-live")).to_be_visible()
    expect(me.locator(".me-live").get_by_role("link", name="Reload to see it")).to_have_attribute("href", "/me/")
    assert me.evaluate("window.notReloaded") is True
    assert me.console_errors == [] and schedule.console_errors == []
    me_context.close()
    list_context.close()


@pytest.mark.django_db(transaction=True)
def test_only_my_talks_list_gains_and_loses_cards_with_its_count(browser, daphne, marked):
    (first, second, third), cookie = marked
    host = daphne()
    mine_context, mine = open_page(browser, host, f"/{SLUG}/?mine=1", cookie)
    list_context, schedule = open_page(browser, host, f"/{SLUG}/", cookie)
    count = mine.locator(".match-count strong")
    expect(count).to_have_text("2")
    expect(mine.locator(".cards > [id^='p-']")).to_have_count(2)

    press(schedule, first, "Remove from Calendar")

    expect(mine.locator(f"#p-{first.pk}")).to_have_count(0)
    expect(count).to_have_text("1")

    press(schedule, third, "Add to Calendar")

    expect(mine.locator(f"#p-{third.pk}")).to_have_count(1)
    expect(mine.locator(f"#p-{third.pk} .interest-button")).to_have_text("Remove from Calendar")
    expect(count).to_have_text("2")
    # Quiet: nothing in the schedule changed, so no notice pops up.
    expect(mine.locator(".live-notice")).to_have_count(0)
    assert mine.evaluate("window.notReloaded") is True
    assert mine.console_errors == [] and schedule.console_errors == []
    mine_context.close()
    list_context.close()


@pytest.mark.django_db(transaction=True)
def test_the_card_being_acted_on_stays_in_only_my_talks(browser, daphne, marked):
    (first, _second, _third), cookie = marked
    host = daphne()
    context, mine = open_page(browser, host, f"/{SLUG}/?mine=1", cookie)

    press(mine, first, "Remove from Calendar")

    button = mine.locator(f"#p-{first.pk} .interest-button")
    expect(button).to_have_text("Add to Calendar")
    expect(button).to_be_focused()
    mine.wait_for_timeout(1500)  # past the list's settle time: the card is still there, focus with it
    expect(button).to_be_focused()
    context.close()
