"""The grid at scale, in Chromium: each presentation drawn once (FOSDEM 2024, PyCon 2016), titles on screen,
a star on every entry, one room at a time on a phone."""

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from interests.models import Interest
from presentations.models import Presentation
from scraper.importer import import_schedule
from scraper.sample import sample_schedule


def drawn(page) -> Counter:
    ids = page.eval_on_selector_all(".grid-item[data-presentation]", "items => items.map(i => i.dataset.presentation)")
    return Counter(int(pk) for pk in ids)


def of_day(conference, day: str) -> set[int]:
    tz = conference.tzinfo
    return {
        p.pk
        for p in Presentation.objects.filter(conference=conference, start__isnull=False)
        if p.start.astimezone(tz).date().isoformat() == day
    }


@pytest.fixture
def fosdem(transactional_db, shared_data):
    from scraper.formats import parse_export

    schedule = parse_export((shared_data / "frab-xml" / "fosdem-2024-schedule.xml").read_bytes())
    return import_schedule(schedule).conference


def test_fosdem_grid_draws_each_presentation_once_with_the_welcome_on_screen(live_server, browser, fosdem):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/fosdem-2024/grid/?day=2024-02-03")

    counts = drawn(page)
    welcome = page.locator(".grid-item", has_text="Welcome to FOSDEM 2024").locator(".grid-title")
    box = welcome.bounding_box()

    assert (set(counts), max(counts.values())) == (of_day(fosdem, "2024-02-03"), 1)
    assert 0 <= box["x"] < 1280 and box["width"] < 1280
    context.close()


def test_pycon_2016_grid_draws_each_presentation_once(live_server, page, pycon_2016):
    for day in ("2016-05-28", "2016-05-30"):
        page.goto(f"{live_server.url}/pycon-2016/grid/?day={day}")
        counts = drawn(page)
        assert (day, set(counts), max(counts.values())) == (day, of_day(pycon_2016, day), 1)


@pytest.fixture
def sample(transactional_db):
    return import_schedule(sample_schedule()).conference


def test_add_from_the_grid_with_the_star(live_server, browser, sample, make_user, session_cookie):
    talk = Presentation.objects.filter(conference=sample, kind="talk").in_schedule_order().first()
    day = talk.start.astimezone(sample.tzinfo).date().isoformat()
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": session_cookie(make_user()), "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/pyguide-sample/grid/?day={day}")
    item = page.locator(f'.grid-item[data-presentation="{talk.pk}"]')
    star = item.get_by_role("button", name="In my calendar")

    assert (
        page.locator(".grid-item[data-presentation]:not(.is-break) .star").count()
        == page.locator(".grid-item[data-presentation]:not(.is-break)").count()
    )
    star.focus()
    page.keyboard.press("Enter")
    expect(star).to_have_attribute("aria-pressed", "true")
    expect(item).to_have_class(re.compile(r"\bis-marked\b"))

    assert page.evaluate("document.activeElement.classList.contains('star')") is True
    assert list(Interest.objects.values_list("presentation_id", flat=True)) == [talk.pk]
    star_box = star.bounding_box()
    assert (star_box["width"], star_box["height"]) == (24, 24)
    context.close()


def test_phone_picks_one_room(live_server, browser, sample):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/pyguide-sample/grid/")
    rooms = page.locator(".grid-room").all_inner_texts()

    page.get_by_label("Room", exact=True).select_option(rooms[1])
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()

    assert page.locator(".grid-room").all_inner_texts() == [rooms[1]]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    titles = page.locator(".grid-item[data-presentation] .grid-title")
    assert titles.count() > 0
    assert titles.first.bounding_box()["x"] + titles.first.bounding_box()["width"] <= 375
    context.close()


def test_fosdem_grid_passes_axe_with_its_stacked_five_minute_talks(live_server, browser, fosdem):
    # FOSDEM runs lightning talks five minutes apart: their stars sit one row apart, each a 24 px target.
    from tests.browser.test_accessibility import axe_violations

    found = {}
    for name, viewport in {"phone": {"width": 412, "height": 823}, "desktop": {"width": 1280, "height": 800}}.items():
        context = browser.new_context(viewport=viewport, is_mobile=name == "phone", has_touch=True)
        page = context.new_page()
        for day in ("2024-02-03", "2024-02-04"):
            page.goto(f"{live_server.url}/fosdem-2024/grid/?day={day}")
            found[f"{name} {day}"] = axe_violations(page)
        context.close()

    assert found == {key: [] for key in found}
