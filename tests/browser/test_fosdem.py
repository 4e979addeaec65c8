"""FOSDEM 2024 (876 events, 29 rooms in use, 65 tracks) read from its frab XML, browsed in Chromium."""

import pytest
from playwright.sync_api import expect

from presentations.models import Presentation


@pytest.fixture(scope="session")
def fosdem_schedule(shared_data):
    from scraper.formats import parse_export

    return parse_export((shared_data / "frab-xml" / "fosdem-2024-schedule.xml").read_bytes())


@pytest.fixture
def fosdem(fosdem_schedule, transactional_db):
    from scraper.importer import import_schedule

    return import_schedule(fosdem_schedule).conference


def test_fosdem_track_and_day_filters_narrow_the_list(live_server, page, fosdem):
    rust = Presentation.objects.filter(conference=fosdem, category="Rust devroom")
    saturday = [p for p in rust if p.start.astimezone(fosdem.tzinfo).date().isoformat() == "2024-02-03"]

    page.goto(f"{live_server.url}/fosdem-2024/")
    first_day = Presentation.objects.filter(conference=fosdem, start__date="2024-02-03").count()
    assert page.locator(".match-count").inner_text() == f"{first_day} of 876 presentations"
    assert page.locator(".one-day").inner_text().startswith("This conference has 876 presentations, so the list")
    page.get_by_label("Category").select_option("Rust devroom")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    track_count = page.locator(".match-count").inner_text()
    page.get_by_label("Day", exact=True).select_option("2024-02-03")
    with page.expect_navigation():
        page.get_by_label("Day", exact=True).press("Enter")

    assert track_count == f"{rust.count()} of 876 presentations"
    assert page.url == f"{live_server.url}/fosdem-2024/?day=2024-02-03&category=Rust+devroom"
    assert sorted(page.locator(".card-title a").all_inner_texts()) == sorted(p.title for p in saturday)
    assert page.console_errors == []


def test_fosdem_grid_shows_every_room_of_the_day_and_scrolls_inside_itself_on_a_phone(live_server, browser, fosdem):
    rooms = {
        p.room
        for p in Presentation.objects.filter(conference=fosdem)
        if p.room and p.start.astimezone(fosdem.tzinfo).date().isoformat() == "2024-02-03"
    }
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()

    page.goto(f"{live_server.url}/fosdem-2024/grid/?day=2024-02-03")

    assert set(page.locator(".grid-room").all_inner_texts()) == rooms
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def first_day_talks(fosdem) -> list[Presentation]:
    timed = Presentation.objects.filter(conference=fosdem).exclude(start=None).in_schedule_order()
    return [p for p in timed if p.start.astimezone(fosdem.tzinfo).date().isoformat() == "2024-02-03"]


def test_fosdem_day_opens_its_first_hours_folded_and_links_open_the_others(live_server, page, fosdem):
    talks = first_day_talks(fosdem)
    first, late = talks[0], [p for p in talks if p.accepts_interest][-1]
    late_hour = f"{late.start.astimezone(fosdem.tzinfo):%Y-%m-%d-%H}"

    page.goto(f"{live_server.url}/fosdem-2024/")

    hours = page.locator("details.hour")
    # FOSDEM 2024 is over: the first hours, until 20 presentations show (the 9:30 welcome, then 10:00's 29).
    assert [hour.get_attribute("id") for hour in page.locator("details.hour[open]").all()] == [
        "hour-2024-02-03-09",
        "hour-2024-02-03-10",
    ]
    assert page.locator("article.card").count() == len([p for p in talks if p.accepts_interest])
    expect(page.locator(f"#p-{first.pk}")).to_be_visible()
    expect(page.locator(f"#p-{late.pk}")).to_be_hidden()
    page.locator("nav.hour-jump a").last.click()
    expect(page.locator(f"#hour-{late_hour}")).to_have_attribute("open", "")
    expect(page.locator(f"#hour-{late_hour} section.slot").first).to_be_in_viewport()
    hours.first.locator("> summary").click()
    expect(page.locator(f"#p-{first.pk}")).to_be_hidden()
    assert page.console_errors == []


def test_fosdem_card_in_a_folded_hour_opens_by_its_link_without_javascript(live_server, browser, fosdem):
    late = [p for p in first_day_talks(fosdem) if p.accepts_interest][-1]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    # Where "Sign in to add" and the no-JS "Add" come back to.
    page.goto(f"{live_server.url}/fosdem-2024/#p-{late.pk}")

    expect(page.locator(f"#p-{late.pk}")).to_be_in_viewport()
    assert page.locator(f"#p-{late.pk} .sign-in-to-add").get_attribute("href").endswith(f"%23p-{late.pk}&add={late.pk}")
    context.close()


def test_fosdem_day_passes_axe_folded_and_with_an_hour_opened(live_server, page, fosdem):
    from tests.browser.test_accessibility import axe_violations

    page.goto(f"{live_server.url}/fosdem-2024/")
    found = {"folded": axe_violations(page)}
    page.locator("details.hour:not([open]) > summary").first.click()
    found["another hour open"] = axe_violations(page)

    assert found == {"folded": [], "another hour open": []}


def test_fosdem_card_moved_live_goes_into_its_new_hour_whose_counts_follow(live_server, page, fosdem):
    talks = first_day_talks(fosdem)

    def hour_of(p):
        return f"{p.start.astimezone(fosdem.tzinfo):%Y-%m-%d-%H}"

    moving = next(p for p in talks if hour_of(p) == "2024-02-03-10" and p.accepts_interest)
    there = next(p for p in talks if hour_of(p) == "2024-02-03-16")
    ten, four = (sum(hour_of(p) == hour for p in talks) for hour in ("2024-02-03-10", "2024-02-03-16"))
    page.goto(f"{live_server.url}/fosdem-2024/")
    Presentation.objects.filter(pk=moving.pk).update(start=there.start, end=there.start + (moving.end - moving.start))

    # What live.js hands changes.js when the socket says the talk changed.
    page.evaluate(
        "id => document.dispatchEvent(new CustomEvent('pyconguide:presentation',"
        " {detail: {presentation: id, changes: {start: {}}}}))",
        moving.pk,
    )

    expect(page.locator(f"#hour-2024-02-03-16 #p-{moving.pk}")).to_have_count(1)
    expect(page.locator("#hour-2024-02-03-10 .hour-count")).to_have_text(f"· {ten - 1} presentations")
    expect(page.locator("#hour-2024-02-03-16 .hour-count")).to_have_text(f"· {four + 1} presentations")
    assert page.console_errors == []
