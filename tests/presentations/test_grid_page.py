"""The grid page as a visitor sees it: days, rooms as columns, placed items, the now line."""

import pytest

from presentations import clock
from tests.presentations.pages import at, card, html, texts

# Both kinds of views of the list and the talk page (tests/presentations/conftest.py).
pytestmark = pytest.mark.usefixtures("page_views")


def test_grid_defaults_to_first_day_with_rooms_as_columns(client, conference):
    document = html(client.get("/pycon-2016/grid/"))

    assert texts(document, ".day-tabs a[aria-current=page]") == ["Mon, May 30"]
    assert texts(document, ".grid-room") == ["Ballroom 201", "Ballroom 203"]
    assert texts(document, ".grid-time") == ["9:30 AM", "10:50 AM", "12:40 PM"]
    machete = card("Machete-mode debugging")
    (block,) = document.cssselect(f".grid-item[data-presentation='{machete.pk}']")
    # Placed by classes (css/grid-lines.css), not style attributes: a strict CSP allows no inline styles.
    assert (block.get("style"), set(block.get("class").split()) >= {"gr-18", "grs-6", "gc-2", "gcs-1", "rows-6"}) == (
        None,
        True,
    )
    assert texts(document, ".zone") == ["Times in America/Los_Angeles (PDT)"]


def test_grid_shows_today_during_the_conference_with_a_now_line(client, conference, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: at(10, 0, day=31))

    document = html(client.get("/pycon-2016/grid/"))

    assert texts(document, ".day-tabs a[aria-current=page]") == ["Tue, May 31"]
    # Tuesday has only the cancelled talk, 10:50-11:20: 10:00 is before the day's grid begins.
    assert (document.cssselect("#now"), document.cssselect(".jump-now")) == ([], [])


def test_grid_now_line_and_jump_link(client, conference, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: at(11, 0))

    document = html(client.get("/pycon-2016/grid/?day=2016-05-30"))

    assert (document.cssselect("#now")[0].get("class"), document.cssselect(".now-line")[0].get("class")) == (
        "now-mark gr-20 gc-1",
        "now-line gr-20",
    )
    assert document.cssselect(".jump-now")[0].get("href") == "#now"


def test_grid_unknown_day_falls_back_with_a_note(client, conference):
    document = html(client.get("/pycon-2016/grid/?day=2016-07-04"))

    assert texts(document, ".note") == ["This conference has no day “2016-07-04”; showing Monday, May 30."]


def test_grid_of_a_conference_without_talks(client, make_conference):
    make_conference(slug="empty")

    document = html(client.get("/empty/grid/"))

    assert texts(document, ".empty-state h2") == ["Nothing scheduled"]


def test_grid_room_picker_offers_the_days_columns_and_shows_the_one_picked(client, conference):
    document = html(client.get("/pycon-2016/grid/?day=2016-05-30&room=Ballroom+203"))

    (select,) = document.cssselect("form.room-pick select")
    assert (select.get("id"), select.get("name"), texts(document, "form.room-pick label[for=g-room]")) == (
        "g-room",
        "room",
        ["Room"],
    )
    assert [(o.get("value"), o.text, o.get("selected")) for o in select.cssselect("option")] == [
        ("", "Every room", None),
        ("Ballroom 201", "Ballroom 201", None),
        ("Ballroom 203", "Ballroom 203", "selected"),
    ]
    assert document.cssselect("form.room-pick input[type=hidden]")[0].get("value") == "2016-05-30"
    assert texts(document, ".grid-room") == ["Ballroom 203"]
    assert [a.get("href") for a in document.cssselect(".day-tabs a")][0] == "?day=2016-05-30&room=Ballroom%20203"


@pytest.mark.parametrize("room", ["Ballroom 999", "ballroom 203", "<b>", " Ballroom 203"])
def test_grid_ignores_a_room_that_is_not_a_column_of_the_day(client, conference, room):
    document = html(client.get("/pycon-2016/grid/", {"day": "2016-05-30", "room": room}))

    assert texts(document, ".grid-room") == ["Ballroom 201", "Ballroom 203"]
    assert [o.get("selected") for o in document.cssselect("form.room-pick option")] == [None, None, None]
    assert [a.get("href") for a in document.cssselect(".day-tabs a")][0] == "?day=2016-05-30"


def test_grid_unknown_day_keeps_a_room_of_the_day_it_falls_back_to(client, conference):
    document = html(client.get("/pycon-2016/grid/", {"day": "2016-13-45", "room": "Ballroom 201"}))

    assert texts(document, ".day-tabs a[aria-current=page]") == ["Mon, May 30"]
    assert texts(document, ".grid-room") == ["Ballroom 201"]
    assert document.cssselect("form.room-pick input[type=hidden]")[0].get("value") == "2016-05-30"
