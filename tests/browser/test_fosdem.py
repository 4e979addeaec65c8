"""FOSDEM 2024 (876 events, 29 rooms in use, 65 tracks) read from its frab XML, browsed in Chromium."""

import pytest

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
