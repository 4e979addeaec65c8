"""`GET /talks/<id>/card.json`: what an open page fetches after the socket says a presentation changed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from interests.models import Interest
from presentations.models import ScheduleChange

TZ = ZoneInfo("America/Los_Angeles")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2016, 5, 30, hour, minute, tzinfo=TZ)


@pytest.fixture
def moved(make_conference, make_presentation):
    conference = make_conference(slug="pycon-2016", start_date=date(2016, 5, 30))
    make_presentation(conference, title="Other", room="Hall A", start=at(9), end=at(9, 30))
    talk = make_presentation(conference, title="Machete", room="Hall B", start=at(14, 35), end=at(15, 5))
    ScheduleChange.objects.create(
        presentation=talk, field="start", old=at(10, 50).isoformat(), new=at(14, 35).isoformat(), at=at(8)
    )
    return talk


def test_card_for_the_list_with_its_new_slot(client, moved, make_user):
    user = make_user()
    Interest.objects.create(user=user, presentation=moved)
    client.force_login(user)

    answer = client.get(
        f"/talks/{moved.pk}/card.json?view=list&changed=start,end&day=2016-05-30&page=/pycon-2016/"
    ).json()
    card = lxml.html.fromstring(answer["list"].pop("html"))

    assert answer == {
        "presentation": moved.pk,
        "marked": True,
        "notice": "“Machete” moved to Hall B, Mon 2:35 PM PDT.",
        "list": {
            "shown": True,
            "day": {"anchor": "day-2016-05-30", "heading": "Monday, May 30"},
            "slot": {"anchor": "at-2016-05-30-1435", "start": "2016-05-30T14:35:00-07:00", "label": "2:35 PM"},
        },
    }
    assert (card.get("id"), card.get("class")) == (f"p-{moved.pk}", "card is-marked")
    assert [b.text_content() for b in card.cssselect(".badge")] == ["Moved"]
    assert card.cssselect('input[name="next"]')[0].get("value") == f"/pycon-2016/#p-{moved.pk}"
    assert card.cssselect(".interest-button")[0].text_content() == "Remove from Calendar"


def test_card_not_shown_when_the_page_filters_it_out(client, moved):
    answer = client.get(f"/talks/{moved.pk}/card.json?view=list&room=Hall+A&page=//evil.example/").json()

    card = lxml.html.fromstring(answer["list"]["html"])
    assert (answer["marked"], answer["list"]["shown"]) == (False, False)
    assert (
        card.cssselect(".sign-in-to-add")[0].get("href") == f"/login/?next=/pycon-2016/%23p-{moved.pk}&add={moved.pk}"
    )


def test_card_for_the_grid_redraws_the_day(client, moved):
    response = client.get(f"/talks/{moved.pk}/card.json?view=grid&day=2016-05-30")
    answer = response.json()
    grid = lxml.html.fromstring(answer["grid"]["html"])

    assert (response["Cache-Control"], answer["grid"]["day"]) == (
        "max-age=0, no-cache, no-store, must-revalidate, private",
        "2016-05-30",
    )
    assert grid.get("data-day") == "2016-05-30"
    assert [item.get("class") for item in grid.cssselect(f'.grid-item[data-presentation="{moved.pk}"]')] == [
        "grid-item kind-talk gr-69 grs-6 gc-3 gcs-1 rows-6"
    ]
    # Its star's sign-in comes back to the grid, not to card.json.
    assert grid.cssselect(f'.grid-item[data-presentation="{moved.pk}"] a.star')[0].get("href") == (
        f"/login/?next=/pycon-2016/grid/%3Fday%3D2016-05-30&add={moved.pk}"
    )


def test_card_without_a_view_only_says_what_changed(client, moved):
    assert client.get(f"/talks/{moved.pk}/card.json?changed=status").json() == {
        "presentation": moved.pk,
        "marked": False,
        "notice": "“Machete” is back on the schedule: Hall B, Mon 2:35 PM PDT.",
    }


def test_card_of_unknown_presentation_is_404(client, db):
    assert client.get("/talks/999999/card.json?view=list").status_code == 404
