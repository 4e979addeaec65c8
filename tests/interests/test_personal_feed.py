"""The personal feed at /calendar/<token>.ics (interests/feeds.py)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone

from interests.models import CalendarFeed, Interest
from presentations.models import Presentation

TZ = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def pycon(make_conference):
    return make_conference(slug="pycon-2016", name="PyCon US 2016", timezone="America/Los_Angeles")


@pytest.fixture
def make_talks(pycon, make_presentation):
    def make(count: int, conference=None) -> list[Presentation]:
        first = datetime(2016, 5, 30, 10, 50, tzinfo=TZ)
        return [make_presentation(conference or pycon, start=first + timedelta(minutes=40 * n)) for n in range(count)]

    return make


def feed_url(feed: CalendarFeed) -> str:
    return f"/calendar/{feed.token}.ics"


def uids(calendar) -> set[str]:
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def uid(presentation: Presentation) -> str:
    return f"{presentation.conference.slug}-{presentation.source_id}@pyconguide"


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


@pytest.mark.django_db
def test_personal_feed_changing_reminder_changes_etag(client, make_user, make_talks):
    me = make_user()
    [talk] = make_talks(1)
    Interest.objects.create(user=me, presentation=talk)
    feed = CalendarFeed.objects.create(user=me)
    first = client.get(feed_url(feed))

    feed.reminder_minutes = 15
    feed.save()
    response = client.get(feed_url(feed), headers={"if-none-match": first["ETag"]})

    assert response.status_code == 200
    assert b"TRIGGER:-PT15M" in response.content


@pytest.mark.django_db
def test_personal_feed_is_byte_identical_for_unchanged_data(client, make_user, make_talks):
    me = make_user()
    Interest.objects.bulk_create([Interest(user=me, presentation=p) for p in make_talks(3)])
    feed = CalendarFeed.objects.create(user=me, reminder_minutes=5)

    first = client.get(feed_url(feed))
    cache.clear()  # built again, not read from the cache
    second = client.get(feed_url(feed))

    assert first.content == second.content
    assert (first["ETag"], first["Last-Modified"]) == (second["ETag"], second["Last-Modified"])


@pytest.mark.django_db
def test_personal_feed_answers_304_to_matching_etag_without_building(
    client, make_user, make_talks, django_assert_num_queries
):
    me = make_user()
    Interest.objects.bulk_create([Interest(user=me, presentation=p) for p in make_talks(3)])
    feed = CalendarFeed.objects.create(user=me)
    first = client.get(feed_url(feed))

    with django_assert_num_queries(2):  # the feed and one aggregate; the presentations are never read
        response = client.get(feed_url(feed), headers={"if-none-match": first["ETag"]})

    assert (response.status_code, response.content, response["ETag"]) == (304, b"", first["ETag"])


@pytest.mark.django_db
def test_personal_feed_answers_304_to_if_modified_since(client, make_user, make_talks):
    me = make_user()
    Interest.objects.bulk_create([Interest(user=me, presentation=p) for p in make_talks(2)])
    feed = CalendarFeed.objects.create(user=me)
    first = client.get(feed_url(feed))

    response = client.get(feed_url(feed), headers={"if-modified-since": first["Last-Modified"]})

    assert response.status_code == 304
    assert (response.content, response["ETag"]) == (b"", first["ETag"])


@pytest.mark.django_db
def test_personal_feed_answers_200_after_an_interest_is_added(client, make_user, make_talks, read_calendar):
    me = make_user()
    first_talk, second_talk = make_talks(2)
    Interest.objects.create(user=me, presentation=first_talk)
    feed = CalendarFeed.objects.create(user=me)
    first = client.get(feed_url(feed))

    Interest.objects.create(user=me, presentation=second_talk)
    response = client.get(feed_url(feed), headers={"if-none-match": first["ETag"]})

    assert response.status_code == 200
    assert uids(read_calendar(response.content)) == {uid(first_talk), uid(second_talk)}


@pytest.mark.django_db
def test_personal_feed_answers_200_after_an_interest_is_removed(client, make_user, make_talks, read_calendar):
    me = make_user()
    kept, dropped = make_talks(2)
    Interest.objects.bulk_create([Interest(user=me, presentation=kept), Interest(user=me, presentation=dropped)])
    feed = CalendarFeed.objects.create(user=me)
    first = client.get(feed_url(feed))

    Interest.objects.get(user=me, presentation=dropped).delete()
    response = client.get(feed_url(feed), headers={"if-none-match": first["ETag"]})

    assert response.status_code == 200
    assert uids(read_calendar(response.content)) == {uid(kept)}


@pytest.mark.django_db
def test_personal_feed_removal_moves_last_modified_forward(client, make_user, make_talks):
    me = make_user()
    kept, dropped = make_talks(2)
    Interest.objects.bulk_create([Interest(user=me, presentation=kept), Interest(user=me, presentation=dropped)])
    feed = CalendarFeed.objects.create(user=me)
    # Everything the first fetch saw happened an hour ago, so the removal falls in a later second.
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Presentation.objects.update(updated=an_hour_ago)
    Interest.objects.update(created=an_hour_ago)
    CalendarFeed.objects.update(updated=an_hour_ago)
    pycon = kept.conference
    type(pycon).objects.update(updated=an_hour_ago)
    first = client.get(feed_url(feed))

    Interest.objects.get(user=me, presentation=dropped).delete()
    response = client.get(feed_url(feed), headers={"if-modified-since": first["Last-Modified"]})

    assert response.status_code == 200
    assert uid(dropped).encode() not in response.content


@pytest.mark.django_db
def test_personal_feed_swap_of_one_interest_for_another_changes_etag(client, make_user, make_talks):
    me = make_user()
    kept, dropped, added = make_talks(3)
    Interest.objects.bulk_create([Interest(user=me, presentation=kept), Interest(user=me, presentation=dropped)])
    feed = CalendarFeed.objects.create(user=me)
    first = client.get(feed_url(feed))

    Interest.objects.get(user=me, presentation=dropped).delete()
    Interest.objects.create(user=me, presentation=added)
    response = client.get(feed_url(feed), headers={"if-none-match": first["ETag"]})

    assert response.status_code == 200
    assert uid(added).encode() in response.content


@pytest.mark.django_db
def test_personal_feed_follows_a_moved_talk(client, make_user, make_talks, read_calendar):
    from presentations.changes import apply_changes

    me = make_user()
    [talk] = make_talks(1)
    Interest.objects.create(user=me, presentation=talk)
    feed = CalendarFeed.objects.create(user=me)
    first = client.get(feed_url(feed))

    apply_changes(talk, {"room": "Room B"})
    response = client.get(feed_url(feed), headers={"if-none-match": first["ETag"]})

    event = read_calendar(response.content).walk("VEVENT")[0]
    assert (response.status_code, str(event["LOCATION"]), event.decoded("SEQUENCE")) == (200, "Room B", 1)


@pytest.mark.django_db
def test_personal_feed_query_count_does_not_grow_with_interests(
    client, make_user, make_talks, django_assert_num_queries
):
    one, fifty = make_user(), make_user()
    talks = make_talks(50)
    Interest.objects.create(user=one, presentation=talks[0])
    Interest.objects.bulk_create([Interest(user=fifty, presentation=p) for p in talks])
    feeds = CalendarFeed.objects.create(user=one), CalendarFeed.objects.create(user=fifty)

    with django_assert_num_queries(3):
        client.get(feed_url(feeds[0]))
    with django_assert_num_queries(3):
        response = client.get(feed_url(feeds[1]))

    assert response.content.count(b"BEGIN:VEVENT") == 50


@pytest.mark.django_db
def test_personal_feed_same_reminder_saved_again_changes_nothing(client, make_user, make_talks):
    me = make_user()
    [talk] = make_talks(1)
    Interest.objects.create(user=me, presentation=talk)
    client.force_login(me)
    client.post("/me/", {"reminder_minutes": "10"})
    feed = CalendarFeed.objects.get(user=me)
    before = client.get(feed_url(feed))

    response = client.post("/me/", {"reminder_minutes": "10"})
    after = client.get(feed_url(feed))

    assert response.status_code == 303
    assert (after["ETag"], after.content) == (before["ETag"], before.content)


@pytest.mark.django_db
def test_personal_feed_real_reminder_change_moves_dtstamp_not_sequence(client, make_user, make_talks, read_calendar):
    me = make_user()
    [talk] = make_talks(1)
    Presentation.objects.filter(pk=talk.pk).update(updated=timezone.now() - timedelta(days=1))
    talk.refresh_from_db()
    Interest.objects.create(user=me, presentation=talk)
    client.force_login(me)
    feed = CalendarFeed.objects.create(user=me)
    before = read_calendar(client.get(feed_url(feed)).content).walk("VEVENT")[0]

    client.post("/me/", {"reminder_minutes": "15"})
    after = read_calendar(client.get(feed_url(feed)).content).walk("VEVENT")[0]

    feed.refresh_from_db()
    assert before.decoded("DTSTAMP") == talk.updated.replace(microsecond=0)
    assert after.decoded("DTSTAMP") == after.decoded("LAST-MODIFIED") == feed.reminder_changed.replace(microsecond=0)
    assert after.decoded("DTSTAMP") > before.decoded("DTSTAMP")
    assert (before.decoded("SEQUENCE"), after.decoded("SEQUENCE")) == (0, 0)
    assert str(after.walk("VALARM")[0]["TRIGGER"].to_ical(), "ascii") == "-PT15M"
