"""Pages read in the conference's zone whatever the server's (presentations/conference_view.py, and the
views found by a talk that activate the zone themselves)."""

from datetime import date

import pytest

from presentations import page_store
from presentations.models import ScheduleChange
from tests.presentations.pages import at, html, texts

ASYNC_URLS = "tests.presentations.async_urls"
# 10:50 AM on Monday in Portland is 2:50 AM on Tuesday in Tokyo: a page in the server's zone would say so.
SERVER_ZONE = "Asia/Tokyo"
MOVE = "Moved from Mon 9:00 AM to Mon 10:50 AM"


@pytest.fixture
def moved(settings, make_conference, make_presentation):
    settings.TIME_ZONE = SERVER_ZONE
    conference = make_conference(slug="pycon-2016", start_date=date(2016, 5, 30), end_date=date(2016, 6, 1))
    talk = make_presentation(conference, title="Machete", room="Hall B", start=at(10, 50), end=at(11, 20))
    ScheduleChange.objects.create(
        presentation=talk, field="start", old=at(9).isoformat(), new=at(10, 50).isoformat(), at=at(8)
    )
    return talk


def test_list_and_grid_show_the_conference_zone_not_the_servers(client, moved):
    listing = html(client.get("/pycon-2016/"))
    grid = html(client.get("/pycon-2016/grid/"))

    assert (texts(listing, "h2[id^=day-]"), texts(listing, ".slot-time")) == (["Monday, May 30"], ["10:50 AM"])
    assert (texts(grid, ".grid-day"), texts(grid, ".grid-time")) == (["Monday, May 30"], ["10:50 AM"])


@pytest.mark.parametrize("urls", [None, ASYNC_URLS], ids=["sync", "async"])
def test_talk_page_history_in_the_conference_zone_not_the_servers(client, settings, moved, urls):
    if urls:
        settings.ROOT_URLCONF = urls
        page_store.clear()

    page = html(client.get(f"/talks/{moved.pk}/"))

    assert [line for line in texts(page, "li") if "Moved" in line] == [
        f"May 30, 8:00 AM PDT: {MOVE} (Source no longer known)"
    ]


def test_changes_page_and_live_notice_in_the_conference_zone_not_the_servers(client, moved):
    changes = html(client.get("/pycon-2016/changes/"))
    card = client.get(f"/talks/{moved.pk}/card.json?view=grid&changed=start").json()

    assert [line for line in texts(changes, "li") if "Moved" in line] == [f"Machete {MOVE}", MOVE]
    assert (card["notice"], card["grid"]["day"]) == ("“Machete” moved to Hall B, Mon 10:50 AM PDT.", "2016-05-30")
