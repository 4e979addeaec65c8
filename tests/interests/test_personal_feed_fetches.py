"""The personal feed at /calendar/<token>.ics (interests/feeds.py) as calendar apps fetch it again: ETag, 304,
Last-Modified, and what changes them (interests added, removed, swapped, a moved talk, a new reminder)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from interests.models import CalendarFeed, Interest
from presentations.models import Presentation
from tests.interests.feeds import feed_url, uid, uids


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

    with django_assert_num_queries(1):  # the feed with one aggregate; the presentations are never read
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

    with django_assert_num_queries(2):  # the feed with its aggregate, then the presentations
        client.get(feed_url(feeds[0]))
    with django_assert_num_queries(2):
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
