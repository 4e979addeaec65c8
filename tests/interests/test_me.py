"""The My talks page (/me/), the reminder form and replacing the feed link (interests/me.py)."""

import re
from datetime import datetime, timedelta
from html import unescape
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest

from interests.models import CalendarFeed, Interest

TZ = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def me(client, make_user):
    user = make_user()
    client.force_login(user)
    return user


def talk_at(make_presentation, conference, day: int, hour: int, minute: int, **fields):
    start = datetime(2016, 5, day, hour, minute, tzinfo=TZ)
    return make_presentation(conference, start=start, end=start + timedelta(minutes=30), **fields)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


@pytest.mark.django_db
def test_me_anonymous_is_sent_to_sign_in(client):
    response = client.get("/me/")

    assert (response.status_code, response["Location"]) == (302, "/login/?next=/me/")


@pytest.mark.django_db
def test_me_lists_my_talks_by_day_in_conference_time(client, me, pycon, make_presentation):
    monday = talk_at(make_presentation, pycon, 30, 10, 50, title="Machete-mode debugging", room="Oregon 201")
    tuesday = talk_at(make_presentation, pycon, 31, 13, 40, title="Tuesday talk", room="Portland 252")
    talk_at(make_presentation, pycon, 30, 15, 0, title="Not mine")
    Interest.objects.bulk_create([Interest(user=me, presentation=tuesday), Interest(user=me, presentation=monday)])

    response = client.get("/me/")

    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "times in America/Los_Angeles" in text
    assert "Monday, May 30, 2016 10:50 AM – 11:20 AM PDT Oregon 201 Machete-mode debugging Scheduled" in text
    assert "Tuesday, May 31, 2016 1:40 PM – 2:10 PM PDT Portland 252 Tuesday talk Scheduled" in text
    assert text.index("Monday, May 30") < text.index("Tuesday, May 31")
    assert "Not mine" not in text
    assert f'<a class="title" href="/talks/{monday.pk}/">Machete-mode debugging</a>' in response.content.decode()


@pytest.mark.django_db
def test_me_marks_clashing_talks(client, me, pycon, make_presentation):
    first = talk_at(make_presentation, pycon, 30, 10, 50, title="First")
    second = talk_at(make_presentation, pycon, 30, 11, 0, title="Second")
    alone = talk_at(make_presentation, pycon, 30, 13, 40, title="Alone")
    Interest.objects.bulk_create([Interest(user=me, presentation=p) for p in (first, second, alone)])

    html = client.get("/me/").content.decode()

    assert "Clashes with Second (11:00 AM)" in text_of(html)
    assert "Clashes with First (10:50 AM)" in text_of(html)
    assert text_of(html).count("Clashes with") == 2
    assert re.search(rf'class="my-talk is-marked clash" data-presentation="{first.pk}"', html)
    assert re.search(rf'class="my-talk is-marked" data-presentation="{alone.pk}"', html)


@pytest.mark.django_db
def test_me_shows_cancelled_status(client, me, pycon, make_presentation):
    gone = talk_at(make_presentation, pycon, 30, 10, 50, title="Gone", status="cancelled")
    Interest.objects.create(user=me, presentation=gone)

    text = text_of(client.get("/me/").content.decode())

    assert "Gone Cancelled" in text


@pytest.mark.django_db
def test_me_shows_feed_links(client, me):
    response = client.get("/me/", secure=True)

    feed = CalendarFeed.objects.get(user=me)
    html = response.content.decode()
    https = f"https://testserver/calendar/{feed.token}.ics"
    webcal = f"webcal://testserver/calendar/{feed.token}.ics"
    outlook = "https://outlook.live.com/calendar/0/addfromweb?url=" + quote(https, safe="")
    assert f'<input id="feed-url" type="url" readonly value="{https}">' in html
    assert f'<a class="webcal-link" href="{webcal}">' in html
    # Google documents adding a calendar by URL only through its own page: no link can fill the address in.
    assert '<a class="google-link" href="https://calendar.google.com/calendar/r/settings/addbyurl"' in html
    assert f'<a class="outlook-link" href="{outlook}&amp;name=My+talks+%28PyCon+Guide%29"' in html
    assert (
        outlook
        == f"https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Ftestserver%2Fcalendar%2F{feed.token}.ics"
    )
    office = "https://outlook.office.com/calendar/0/addfromweb?url=" + quote(https, safe="")
    assert f'<a class="office365-link" href="{office}&amp;name=My+talks+%28PyCon+Guide%29"' in html
    assert "Google Calendar every several hours, up to a day" in text_of(html)
    assert '<form class="rotate-form" method="post" action="/me/feed/rotate/"' in html


@pytest.mark.django_db
def test_me_qr_code_holds_the_webcal_address(client, me):
    import segno

    html = client.get("/me/", secure=True).content.decode()

    feed = CalendarFeed.objects.get(user=me)
    expected = segno.make(f"webcal://testserver/calendar/{feed.token}.ics", error="m", micro=False)
    svg = html[html.index('<figure class="feed-qr">') : html.index("</figure>")]
    assert (
        expected.svg_inline(scale=4, border=2, title="QR code of your calendar address", dark="#111", light="#fff")
        in svg
    )
    assert "<title>QR code of your calendar address</title>" in svg


@pytest.mark.django_db
def test_me_says_which_apps_honour_reminders(client, me):
    text = text_of(client.get("/me/").content.decode())

    assert (
        "Only some apps keep the reminder this feed carries: Thunderbird and ICSx⁵ (Android) ring it. "
        "Apple Calendar removes alerts from subscriptions unless you untick “Remove: Alerts” in the subscription's "
        "settings (Mac). Google Calendar and Outlook ignore it: set a default notification for the subscribed "
        "calendar in their settings instead."
    ) in text


@pytest.mark.django_db
def test_me_makes_one_feed_and_keeps_it(client, me):
    client.get("/me/")
    token = CalendarFeed.objects.get(user=me).token

    client.get("/me/")

    assert list(CalendarFeed.objects.filter(user=me).values_list("token", flat=True)) == [token]


@pytest.mark.django_db
def test_me_reminder_form_saves(client, me):
    response = client.post("/me/", {"reminder_minutes": "15"})

    assert (response.status_code, response["Location"]) == (303, "/me/")
    assert CalendarFeed.objects.get(user=me).reminder_minutes == 15
    page = client.get("/me/").content.decode()
    assert "Reminder saved: 15 minutes before." in page
    assert '<option value="15" selected>' in page


@pytest.mark.django_db
def test_me_reminder_form_refuses_other_values(client, me):
    CalendarFeed.objects.create(user=me, reminder_minutes=5)

    response = client.post("/me/", {"reminder_minutes": "7"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert CalendarFeed.objects.get(user=me).reminder_minutes == 5


@pytest.mark.django_db
def test_me_reminder_form_needs_csrf(me, make_user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(me)

    response = strict.post("/me/", {"reminder_minutes": "15"})

    assert response.status_code == 403
    assert not CalendarFeed.objects.filter(user=me, reminder_minutes=15).exists()


@pytest.mark.django_db
def test_rotate_feed_replaces_the_link(client, me):
    client.get("/me/")
    old = CalendarFeed.objects.get(user=me).token
    assert client.get(f"/calendar/{old}.ics").status_code == 200

    response = client.post("/me/feed/rotate/")

    new = CalendarFeed.objects.get(user=me).token
    assert (response.status_code, response["Location"]) == (303, "/me/")
    assert new != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200
    page = client.get("/me/").content.decode()
    assert f"/calendar/{new}.ics" in page
    assert "The old one no longer works" in page


@pytest.mark.django_db
def test_rotate_feed_keeps_reminder(client, me):
    CalendarFeed.objects.create(user=me, reminder_minutes=10)

    client.post("/me/feed/rotate/")

    assert CalendarFeed.objects.get(user=me).reminder_minutes == 10


@pytest.mark.django_db
def test_rotate_feed_refuses_get(client, me):
    CalendarFeed.objects.create(user=me)
    token = CalendarFeed.objects.get(user=me).token

    response = client.get("/me/feed/rotate/")

    assert response.status_code == 405
    assert CalendarFeed.objects.get(user=me).token == token


@pytest.mark.django_db
def test_rotate_feed_anonymous_is_sent_to_sign_in(client):
    response = client.post("/me/feed/rotate/")

    assert (response.status_code, response["Location"]) == (302, "/login/?next=/me/feed/rotate/")
    assert CalendarFeed.objects.count() == 0


@pytest.mark.django_db
def test_me_query_count_does_not_grow_with_talks(
    client, me, make_user, pycon, make_presentation, django_assert_num_queries
):
    talks = [talk_at(make_presentation, pycon, 30, 9 + n // 6, (n % 6) * 10) for n in range(30)]
    Interest.objects.create(user=me, presentation=talks[0])
    client.get("/me/")  # the feed is made on the first visit
    # The session, the user, the feed, the talks.
    with django_assert_num_queries(4):
        client.get("/me/")

    Interest.objects.bulk_create([Interest(user=me, presentation=p) for p in talks[1:]])
    with django_assert_num_queries(4):
        response = client.get("/me/")

    assert text_of(response.content.decode()).count("Remove from Calendar") == 30


@pytest.mark.django_db
def test_me_opens_its_socket_on_the_latest_conference_it_lists(client, me, pycon, make_conference, make_presentation):
    later = make_conference(slug="pycon-2017", start_date=datetime(2017, 5, 17).date())
    pycon.start_date = datetime(2016, 5, 28).date()
    pycon.save()
    Interest.objects.create(user=me, presentation=talk_at(make_presentation, pycon, 30, 10, 0))

    listed = client.get("/me/").content.decode()
    Interest.objects.all().delete()
    none_marked = client.get("/me/").content.decode()

    assert '<body data-conference="pycon-2016" data-view="me">' in listed
    assert f'data-conference="{pycon.slug}">' in listed  # each entry names its conference
    assert f'<body data-conference="{later.slug}" data-view="me">' in none_marked


@pytest.mark.django_db
def test_me_without_any_conference_opens_no_socket(client, me):
    assert "<body>" in client.get("/me/").content.decode()
