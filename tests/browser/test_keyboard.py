"""The list by keyboard: filters that apply when asked, focus that stays put, a skip link; signing up and
"Sign in to add", in real Chromium, on the sample conference."""

import pytest
from playwright.sync_api import expect

from interests.models import Interest
from presentations.models import Presentation
from scraper.importer import import_schedule
from scraper.sample import sample_schedule

SLUG = "pyguide-sample"


@pytest.fixture
def sample(transactional_db):
    return import_schedule(sample_schedule()).conference


def first_talk(conference) -> Presentation:
    return Presentation.objects.filter(conference=conference, kind="talk").in_schedule_order().first()


def test_arrow_keys_on_a_filter_do_not_reload_and_enter_applies(live_server, page, sample):
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    page.goto(f"{live_server.url}/{SLUG}/")
    kind = page.get_by_label("Kind")
    kind.focus()

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = kind.input_value()
    still_here = page.evaluate("document.activeElement.id")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert (chosen != "", still_here, navigations[:-1]) == (True, "f-kind", [f"{live_server.url}/{SLUG}/"])
    assert page.url == f"{live_server.url}/{SLUG}/?kind={chosen}"
    assert page.get_by_label("Kind").input_value() == chosen
    assert page.console_errors == []


def test_filter_button_applies_several_choices_at_once(live_server, page, sample):
    page.goto(f"{live_server.url}/{SLUG}/")

    page.get_by_label("Kind").select_option("tutorial")
    page.get_by_label("Search").fill("a")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()

    assert page.url == f"{live_server.url}/{SLUG}/?q=a&kind=tutorial"
    expect(page.locator(".card .fact-kind").first).to_have_text("Tutorial")
    assert set(page.locator(".card .fact-kind").all_inner_texts()) == {"Tutorial"}


def test_skip_link_is_the_first_tab_and_lands_on_the_talks(live_server, page, sample):
    page.goto(f"{live_server.url}/{SLUG}/")

    page.keyboard.press("Tab")
    skip = page.evaluate("[document.activeElement.textContent, document.activeElement.getBoundingClientRect().left]")
    page.keyboard.press("Enter")
    landed = page.evaluate("document.activeElement.id")
    passed = []
    while page.evaluate("!document.activeElement.closest('.card')") and len(passed) < 10:
        page.keyboard.press("Tab")
        passed.append(page.evaluate("!!document.activeElement.closest('form.filters, .site-header, .page-head')"))

    assert (skip[0], skip[1] >= 0, landed) == ("Skip to the talks", True, "results")
    # From the talks, the first talk is a few Tabs away (the subscribe and day links), past no filter.
    assert (len(passed) < 10, any(passed)) == (True, False)


def test_focus_ring_contrast_is_at_least_3_to_1(live_server, page, sample):
    page.goto(f"{live_server.url}/{SLUG}/")
    page.keyboard.press("Tab")

    color = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    red, green, blue = (int(part) for part in color[color.index("(") + 1 : color.index(")")].split(",")[:3])

    def luminance(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    relative = 0.2126 * luminance(red) + 0.7152 * luminance(green) + 0.0722 * luminance(blue)
    assert (1.05 / (relative + 0.05)) >= 3


def test_focus_stays_on_add_after_enter(live_server, browser, sample, make_user, session_cookie):
    talk = first_talk(sample)
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": session_cookie(make_user()), "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/{SLUG}/")
    button = page.locator(f"#p-{talk.pk} .interest-button")
    button.focus()

    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#p-{talk.pk} .interest-form")).not_to_have_attribute("aria-busy", "true")

    assert page.evaluate("document.activeElement.closest('article').id") == f"p-{talk.pk}"
    assert page.evaluate("document.activeElement.className") == "interest-button"
    assert list(Interest.objects.values_list("presentation_id", flat=True)) == [talk.pk]
    context.close()


def test_sign_in_to_add_signs_in_adds_and_returns_to_the_card(live_server, page, sample, make_user):
    make_user(username="grace")
    talk = first_talk(sample)
    page.goto(f"{live_server.url}/{SLUG}/")

    page.locator(f"#p-{talk.pk}").get_by_role("link", name="Sign in to add").click()
    expect(page.locator(".note")).to_contain_text(talk.title)
    page.get_by_role("textbox", name="Username").fill("grace")
    page.get_by_role("textbox", name="Password").fill("a-long-test-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()

    assert page.url == f"{live_server.url}/{SLUG}/#p-{talk.pk}"
    expect(page.locator(f"#p-{talk.pk} .interest-button")).to_have_text("Remove from Calendar")
    assert page.evaluate(f"document.getElementById('p-{talk.pk}').getBoundingClientRect().top") < 200
    assert list(Interest.objects.values_list("user__username", "presentation_id")) == [("grace", talk.pk)]


def test_sign_up_from_the_login_page(live_server, page, sample):
    talk = first_talk(sample)
    page.goto(f"{live_server.url}/{SLUG}/")
    page.locator(f"#p-{talk.pk}").get_by_role("link", name="Sign in to add").click()

    page.get_by_role("link", name="Make one").click()
    page.get_by_role("textbox", name="Username").fill("ada")
    page.get_by_label("Password", exact=True).fill("password")
    page.get_by_label("Password confirmation").fill("password")
    page.get_by_role("button", name="Make my account").click()
    expect(page.locator(".errors").first).to_contain_text("This password is too common.")
    page.get_by_label("Password", exact=True).fill("a-long-test-password")
    page.get_by_label("Password confirmation").fill("a-long-test-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Make my account").click()

    assert page.url == f"{live_server.url}/{SLUG}/#p-{talk.pk}"
    expect(page.get_by_role("link", name="My talks")).to_be_visible()
    assert list(Interest.objects.values_list("user__username", "presentation_id")) == [("ada", talk.pk)]
    assert page.console_errors == []


def test_search_ignores_accents(live_server, page, sample):
    talk = first_talk(sample)
    talk.speakers = ["Nikola Jovanović"]
    talk.save()
    expected = sorted(
        p.title for p in Presentation.objects.filter(conference=sample) if "Jovanović" in ", ".join(p.speakers)
    )
    page.goto(f"{live_server.url}/{SLUG}/")

    page.get_by_label("Search").fill("jovanovic")
    with page.expect_navigation():
        page.get_by_label("Search").press("Enter")

    assert sorted(page.locator(".card-title a").all_inner_texts()) == expected
    assert talk.title in expected
    assert all("Jovanović" in text for text in page.locator(".card .speakers").all_inner_texts())
