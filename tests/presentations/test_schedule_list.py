"""The schedule list as a visitor and a signed-in user see it: cards, filters, "mine", now and next."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from interests.models import Interest
from presentations import clock
from presentations.models import Presentation
from tests.presentations.pages import at, card, html, texts

# Both kinds of views of the list and the talk page (tests/presentations/conftest.py).
pytestmark = pytest.mark.usefixtures("page_views")


def test_schedule_list_by_day_and_time(client, conference):
    document = html(client.get("/pycon-2016/"))

    assert texts(document, ".day > h2") == [
        "Monday, May 30",
        "Tuesday, May 31",
        "Posters and other sessions without a time",
    ]
    assert texts(document, ".slot-time") == ["9:30 AM", "10:50 AM", "12:40 PM", "10:50 AM", "No set time"]
    assert texts(document, ".zone") == ["Times in America/Los_Angeles (PDT)"]
    assert texts(document, ".match-count") == ["6 of 6 presentations"]
    assert texts(document, ".card-title") == [
        "Keynote",
        "Machete-mode debugging",
        "Thinking in coroutines",
        "Dropped talk Cancelled",
        "Poster on Hy",
    ]


def test_schedule_card_shows_everything_about_a_talk(client, conference):
    talk = card("Thinking in coroutines")
    document = html(client.get("/pycon-2016/"))

    (root,) = document.cssselect(f"article[data-presentation='{talk.pk}']")
    assert texts(root, ".card-title a") == ["Thinking in coroutines"]
    assert root.cssselect(".card-title a")[0].get("href") == f"/talks/{talk.pk}/"
    assert texts(root, ".speakers") == ["Łukasz Langa, Guest"]
    assert texts(root, ".facts li") == ["Talk", "45 min", "Python Core", "Novice", "Ballroom 203"]
    assert texts(root, f".interest-count[data-presentation='{talk.pk}']") == ["0"]
    assert texts(root, ".sign-in-to-add") == ["Sign in to add"]
    # Signing in adds the talk and comes back to its card.
    assert root.cssselect(".sign-in-to-add")[0].get("href") == f"/login/?next=/pycon-2016/%23p-{talk.pk}&add={talk.pk}"


def test_schedule_description_is_a_disclosure_leading_to_the_talk_page_which_shows_it_escaped(client, conference):
    machete = card("Machete-mode debugging")
    document = html(client.get("/pycon-2016/"))
    talk_page = html(client.get(f"/talks/{machete.pk}/"))

    (details,) = document.cssselect(f"#p-{machete.pk} details")
    assert texts(details, "summary") == ["Description"]
    assert [a.get("href") for a in details.cssselect("a")] == [f"/talks/{machete.pk}/#description"]
    assert texts(talk_page, "#description p") == ["Tools & tricks.", "Second paragraph."]


def test_schedule_breaks_are_compact_without_interest(client, conference):
    lunch = card("Lunch")
    document = html(client.get("/pycon-2016/"))

    (root,) = document.cssselect(f"#p-{lunch.pk}")
    assert (root.get("class"), texts(root, ".compact-title"), root.cssselect(".interest")) == (
        "card card-compact",
        ["Lunch"],
        [],
    )


def test_schedule_cancelled_talk_has_badge_and_no_add_button(client, conference):
    document = html(client.get("/pycon-2016/"))

    (root,) = document.cssselect(f"#p-{card('Dropped talk').pk}")
    assert (root.get("class"), texts(root, ".badge-cancelled"), root.cssselect(".sign-in-to-add")) == (
        "card is-cancelled",
        ["Cancelled"],
        [],
    )


def test_schedule_signed_in_controls_reflect_interests(client, conference, make_user):
    user = make_user()
    machete, coroutines = card("Machete-mode debugging"), card("Thinking in coroutines")
    Interest.objects.create(user=user, presentation=machete)
    Interest.objects.create(user=make_user(), presentation=machete)
    client.force_login(user)

    document = html(client.get("/pycon-2016/?day=2016-05-30"))

    def control(presentation):
        (form,) = document.cssselect(f"#p-{presentation.pk} form.interest-form")
        (button,) = form.cssselect("button.interest-button")
        return (
            form.get("method"),
            form.get("action"),
            form.cssselect("input[name=interested]")[0].get("value"),
            form.cssselect("input[name=next]")[0].get("value"),
            bool(form.cssselect("input[name=csrfmiddlewaretoken]")),
            button.get("aria-pressed"),
            button.text_content(),
            texts(document, f"#p-{presentation.pk} .interest-count"),
        )

    assert control(machete) == (
        "post",
        f"/talks/{machete.pk}/interest/",
        "0",
        f"/pycon-2016/?day=2016-05-30#p-{machete.pk}",
        True,
        "true",
        "Remove from Calendar",
        ["2"],
    )
    assert control(coroutines) == (
        "post",
        f"/talks/{coroutines.pk}/interest/",
        "1",
        f"/pycon-2016/?day=2016-05-30#p-{coroutines.pk}",
        True,
        "false",
        "Add to Calendar",
        ["0"],
    )


def test_schedule_filters_narrow_and_count(client, conference):
    document = html(client.get("/pycon-2016/?category=Python+Core&q=langa"))

    assert texts(document, ".card-title") == ["Thinking in coroutines"]
    assert texts(document, ".match-count") == ["1 of 6 presentations"]
    assert document.cssselect("#f-category option[selected]")[0].get("value") == "Python Core"
    assert document.cssselect("#f-q")[0].get("value") == "langa"


def test_schedule_filter_choices_come_from_the_conference(client, conference):
    document = html(client.get("/pycon-2016/"))

    assert texts(document, "#f-day option") == ["Any day", "Mon, May 30", "Tue, May 31"]
    assert texts(document, "#f-kind option") == ["Any kind", "Lunch", "Plenary", "Poster", "Talk"]
    assert texts(document, "#f-category option") == ["Any category", "Best Practices", "Python Core"]
    assert texts(document, "#f-duration option") == ["Any length", "30 min", "40 min", "45 min", "1 h"]
    assert texts(document, "#f-room option") == ["Any room", "Ballroom 201", "Ballroom 203"]


def test_schedule_invalid_filters_are_noted_not_errors(client, conference):
    document = html(client.get("/pycon-2016/?day=2016-02-30&duration=long&kind=talk"))

    assert texts(document, ".note") == [
        "Ignored the day “2016-02-30”: give a date as YYYY-MM-DD.",
        "Ignored the duration “long”: give a number of minutes.",
    ]
    assert texts(document, ".match-count") == ["3 of 6 presentations"]


def test_schedule_nothing_matches_offers_to_clear(client, conference):
    document = html(client.get("/pycon-2016/?q=nothing+like+this"))

    assert texts(document, ".empty-state h2") == ["No presentations match"]
    assert [a.get("href") for a in document.cssselect(".empty-state a")] == ["/pycon-2016/"]
    assert texts(document, ".match-count") == ["0 of 6 presentations"]


def test_schedule_mine_for_a_visitor_explains_and_shows_all(client, conference):
    document = html(client.get("/pycon-2016/?mine=1"))

    assert texts(document, ".note") == [
        "“Only my talks” shows the talks you added to your calendar. Sign in to see them; meanwhile here is everything."
    ]
    assert document.cssselect(".note a")[0].get("href") == "/login/?next=/pycon-2016/%3Fmine%3D1"
    assert texts(document, ".match-count") == ["6 of 6 presentations"]


def test_schedule_mine_shows_only_my_talks(client, conference, make_user):
    user = make_user()
    Interest.objects.create(user=user, presentation=card("Thinking in coroutines"))
    client.force_login(user)

    document = html(client.get("/pycon-2016/?mine=1"))

    assert texts(document, ".card-title") == ["Thinking in coroutines"]


def test_schedule_mine_with_nothing_marked_says_how(client, conference, make_user):
    client.force_login(make_user())

    document = html(client.get("/pycon-2016/?mine=1"))

    assert texts(document, ".empty-state p")[0] == (
        "You have not added any talks yet: press “Add to Calendar” on the ones you want to see."
    )


def test_schedule_shows_now_and_next_during_the_conference(client, conference, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: at(11, 25))

    document = html(client.get("/pycon-2016/"))

    assert texts(document, ".happening li") == ["Thinking in coroutines · Ballroom 203", "Lunch"]
    assert texts(document, ".happening h3") == ["Next, at 12:40 PM"]
    assert document.cssselect(".happening h3 a")[0].get("href") == "#at-2016-05-30-1240"
    assert document.cssselect("#at-2016-05-30-1240")


def test_schedule_has_no_now_outside_the_conference(client, conference, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: at(11, 25) + timedelta(days=30))

    assert html(client.get("/pycon-2016/")).cssselect(".happening") == []


def test_schedule_unknown_conference_is_404(client, db):
    assert client.get("/nope/").status_code == 404


@pytest.mark.django_db
def test_schedule_of_a_large_conference_starts_with_one_day_and_filters_show_every_day(client, make_conference):
    from datetime import timedelta

    conference = make_conference(slug="big", timezone="Europe/Brussels")
    tz = ZoneInfo("Europe/Brussels")
    Presentation.objects.bulk_create(
        Presentation(
            conference=conference,
            source_id=str(n),
            kind="talk",
            title=f"Talk {n}",
            category="Odd" if n % 2 else "Even",
            room=f"Room {n % 10}",
            start=datetime(2024, 2, 3 + n % 2, 9, tzinfo=tz) + timedelta(minutes=n),
            end=datetime(2024, 2, 3 + n % 2, 9, 30, tzinfo=tz) + timedelta(minutes=n),
        )
        for n in range(320)
    )

    first = client.get("/big/")
    by_track = client.get("/big/", {"category": "Odd"})
    second_day = client.get("/big/", {"day": "2024-02-04"})

    assert (first.context["shown"], first.context["one_day"].isoformat()) == (160, "2024-02-03")
    assert b"This conference has 320 presentations, so the list starts with one day" in first.content
    assert (by_track.context["shown"], by_track.context["one_day"]) == (160, None)
    assert [day.date.isoformat() for day in by_track.context["agenda"].days] == ["2024-02-04"]
    assert (second_day.context["shown"], second_day.context["one_day"]) == (160, None)
