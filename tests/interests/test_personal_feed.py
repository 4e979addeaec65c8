"""The personal feed at /calendar/<token>.ics (interests/feeds.py): what it holds (interests, zones,
reminders) and who may fetch it; its ETag and 304s are in test_personal_feed_fetches.py."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from interests.models import CalendarFeed, Interest
from tests.interests.feeds import feed_url, uid, uids

TZ = ZoneInfo("America/Los_Angeles")


@pytest.mark.django_db
def test_personal_feed_holds_exactly_my_interests(client, make_user, make_talks, read_calendar):
    me, someone_else = make_user(), make_user()
    mine, theirs, nobodys = make_talks(3)
    Interest.objects.create(user=me, presentation=mine)
    Interest.objects.create(user=someone_else, presentation=theirs)
    feed = CalendarFeed.objects.create(user=me)

    response = client.get(feed_url(feed))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    calendar = read_calendar(response.content)
    assert uids(calendar) == {uid(mine)}
    assert calendar.walk("VEVENT")[0].decoded("DTSTART") == datetime(2016, 5, 30, 10, 50, tzinfo=TZ)
    assert str(calendar["X-WR-TIMEZONE"]) == "America/Los_Angeles"


@pytest.mark.django_db
def test_personal_feed_leaves_out_presentations_without_a_time(
    client, make_user, make_talks, pycon, make_presentation, read_calendar
):
    me = make_user()
    [timed] = make_talks(1)
    poster = make_presentation(pycon, kind="poster", start=None)
    Interest.objects.bulk_create([Interest(user=me, presentation=timed), Interest(user=me, presentation=poster)])
    feed = CalendarFeed.objects.create(user=me)

    calendar = read_calendar(client.get(feed_url(feed)).content)

    assert uids(calendar) == {uid(timed)}


@pytest.mark.django_db
def test_personal_feed_with_no_interests_and_no_conference_carries_a_utc_vtimezone(client, make_user, read_calendar):
    feed = CalendarFeed.objects.create(user=make_user())

    calendar = read_calendar(client.get(feed_url(feed)).content)

    # RFC 5545 §3.6 wants at least one component: icalendar refuses a calendar without.
    assert uids(calendar) == set()
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["UTC"]
    assert str(calendar["X-WR-TIMEZONE"]) == "UTC"


@pytest.mark.django_db
def test_personal_feed_with_no_interests_carries_the_current_conference_zone(
    client, make_user, make_conference, read_calendar
):
    make_conference(timezone="Europe/Brussels", start_date=date(2024, 2, 3), end_date=date(2024, 2, 4))
    feed = CalendarFeed.objects.create(user=make_user())

    calendar = read_calendar(client.get(feed_url(feed)).content)

    assert uids(calendar) == set()
    [zone] = calendar.walk("VTIMEZONE")
    assert (str(zone["TZID"]), str(calendar["X-WR-TIMEZONE"])) == ("Europe/Brussels", "Europe/Brussels")
    assert {sub.name for sub in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


@pytest.mark.django_db
def test_personal_feed_has_vtimezone_for_every_tzid(
    client, make_user, make_talks, make_conference, make_presentation, read_calendar
):
    me = make_user()
    europython = make_conference(slug="europython-2016", timezone="Europe/Madrid")
    [portland] = make_talks(1)
    bilbao = make_presentation(europython, start=datetime(2016, 7, 18, 10, 0, tzinfo=ZoneInfo("Europe/Madrid")))
    Interest.objects.bulk_create([Interest(user=me, presentation=portland), Interest(user=me, presentation=bilbao)])
    feed = CalendarFeed.objects.create(user=me)

    calendar = read_calendar(client.get(feed_url(feed)).content)

    used = {event[name].params["TZID"] for event in calendar.walk("VEVENT") for name in ("DTSTART", "DTEND")}
    assert used == {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {"America/Los_Angeles", "Europe/Madrid"}


@pytest.mark.django_db
def test_personal_feed_unknown_token_is_404(client, make_user):
    CalendarFeed.objects.create(user=make_user())

    response = client.get("/calendar/not-a-real-token.ics")

    assert response.status_code == 404


@pytest.mark.django_db
def test_personal_feed_of_deactivated_user_is_404(client, make_user):
    user = make_user(is_active=False)
    feed = CalendarFeed.objects.create(user=user)

    response = client.get(feed_url(feed))

    assert response.status_code == 404


@pytest.mark.django_db
def test_personal_feed_reminder_becomes_valarm(client, make_user, make_talks, read_calendar):
    me = make_user()
    [talk] = make_talks(1)
    Interest.objects.create(user=me, presentation=talk)
    feed = CalendarFeed.objects.create(user=me, reminder_minutes=10)

    calendar = read_calendar(client.get(feed_url(feed)).content)

    [alarm] = calendar.walk("VALARM")
    assert (str(alarm["ACTION"]), alarm.decoded("TRIGGER"), str(alarm["DESCRIPTION"])) == (
        "DISPLAY",
        timedelta(minutes=-10),
        f"In 10 minutes in Room A: {talk.title}",
    )
    assert "TRIGGER:-PT10M" in client.get(feed_url(feed)).content.decode().split("\r\n")


@pytest.mark.django_db
def test_personal_feed_without_reminder_has_no_valarm(client, make_user, make_talks, read_calendar):
    me = make_user()
    [talk] = make_talks(1)
    Interest.objects.create(user=me, presentation=talk)
    feed = CalendarFeed.objects.create(user=me)

    calendar = read_calendar(client.get(feed_url(feed)).content)

    assert calendar.walk("VALARM") == []
