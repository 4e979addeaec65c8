"""The whole-conference and single-talk feeds, and the calendar they share (presentations/calendar.py)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from presentations.models import Presentation
from scraper.importer import import_schedule
from scraper.records import PresentationRecord, ScheduleRecord
from tests.records import talk

TZ = ZoneInfo("America/Los_Angeles")


def lunch() -> PresentationRecord:
    start = datetime(2016, 5, 30, 12, 10, tzinfo=TZ)
    return PresentationRecord(
        source_id="lunch-1", title="Lunch", kind="lunch", start=start, end=start + timedelta(hours=1)
    )


def poster() -> PresentationRecord:
    return PresentationRecord(source_id="poster-7", title="A poster", kind="poster", speakers=("Ann Poster",))


def scrape(*records) -> None:
    import_schedule(
        ScheduleRecord(
            slug="pycon-2016",
            name="PyCon US 2016",
            timezone="America/Los_Angeles",
            source_url="http://example.test/2016/schedule/",
            presentations=list(records),
        )
    )


def events_by_uid(calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.mark.django_db
def test_conference_feed_holds_talks_in_local_time(client, read_calendar):
    scrape(talk(), lunch(), poster())
    pk = Presentation.objects.get(source_id="1658").pk

    response = client.get("/pycon-2016/schedule.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = read_calendar(response.content)
    assert (str(calendar["NAME"]), str(calendar["X-WR-CALNAME"]), str(calendar["X-WR-TIMEZONE"])) == (
        "PyCon US 2016",
        "PyCon US 2016",
        "America/Los_Angeles",
    )
    # Breaks, meals and posters without a time stay out.
    assert list(events_by_uid(calendar)) == ["pycon-2016-1658@pyconguide"]
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime(2016, 5, 30, 10, 50, tzinfo=TZ)
    assert event.decoded("DTSTART").tzinfo.key == "America/Los_Angeles"
    assert event["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert event.decoded("DTEND") == datetime(2016, 5, 30, 11, 20, tzinfo=TZ)
    assert {
        "summary": str(event["SUMMARY"]),
        "location": str(event["LOCATION"]),
        "url": str(event["URL"]),
        "status": str(event["STATUS"]),
        "sequence": event.decoded("SEQUENCE"),
        "categories": event["CATEGORIES"].cats,
        "description": str(event["DESCRIPTION"]),
    } == {
        "summary": "Machete-mode debugging",
        "location": "Oregon Ballroom 201–202",
        "url": f"http://testserver/talks/{pk}/",
        "status": "CONFIRMED",
        "sequence": 0,
        "categories": ["talk", "Best Practices & Patterns"],
        "description": f"Ned Batchelder\n\nHacking your way out of trouble.\n\nhttp://testserver/talks/{pk}/",
    }


@pytest.mark.django_db
def test_conference_feed_headers_ask_apps_to_refresh_hourly(client):
    scrape(talk())

    content = client.get("/pycon-2016/schedule.ics").content.decode()

    lines = content.split("\r\n")
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    assert "VERSION:2.0" in lines
    assert "PRODID:-//PyCon Guide//Calendar feeds//EN" in lines


@pytest.mark.django_db
def test_conference_feed_stamps_come_from_the_data_not_the_clock(client, read_calendar):
    scrape(talk())
    stored = Presentation.objects.get()

    event = read_calendar(client.get("/pycon-2016/schedule.ics").content).walk("VEVENT")[0]

    assert event.decoded("DTSTAMP") == stored.updated.replace(microsecond=0)
    assert event.decoded("LAST-MODIFIED") == stored.updated.replace(microsecond=0)


@pytest.mark.django_db
def test_conference_feed_has_full_vtimezone_for_every_tzid(client, read_calendar):
    scrape(
        talk(), talk("1700", start=datetime(2016, 6, 1, 9, 0, tzinfo=TZ), end=datetime(2016, 6, 1, 9, 30, tzinfo=TZ))
    )

    calendar = read_calendar(client.get("/pycon-2016/schedule.ics").content)

    used = {e[name].params["TZID"] for e in calendar.walk("VEVENT") for name in ("DTSTART", "DTEND")}
    timezones = calendar.walk("VTIMEZONE")
    assert used == {str(tz["TZID"]) for tz in timezones} == {"America/Los_Angeles"}
    rules = [(sub.name, sub.decoded("DTSTART")) for sub in timezones[0].subcomponents]
    # The rule in force a year before (DST from March 2015), then every change up to a year after.
    assert rules == [
        ("DAYLIGHT", datetime(2015, 3, 8, 2, 0)),
        ("STANDARD", datetime(2015, 11, 1, 2, 0)),
        ("DAYLIGHT", datetime(2016, 3, 13, 2, 0)),
        ("STANDARD", datetime(2016, 11, 6, 2, 0)),
        ("DAYLIGHT", datetime(2017, 3, 12, 2, 0)),
    ]


@pytest.mark.django_db
def test_conference_feed_is_byte_identical_for_unchanged_data(client):
    scrape(talk(), talk("1700", title="Second"))

    first = client.get("/pycon-2016/schedule.ics")
    scrape(talk(), talk("1700", title="Second"))  # a re-scrape that finds nothing new
    cache.clear()  # built again, not read from the cache
    second = client.get("/pycon-2016/schedule.ics")

    assert first.content == second.content
    assert first["ETag"] == second["ETag"]


@pytest.mark.django_db
def test_conference_feed_uids_survive_a_rescrape_with_changes(client, read_calendar):
    scrape(talk(), talk("1700", title="Second"))
    before = events_by_uid(read_calendar(client.get("/pycon-2016/schedule.ics").content))

    scrape(talk(title="Machete-mode debugging, revised"), talk("1700", title="Second"))
    after = events_by_uid(read_calendar(client.get("/pycon-2016/schedule.ics").content))

    assert set(before) == set(after) == {"pycon-2016-1658@pyconguide", "pycon-2016-1700@pyconguide"}
    assert str(after["pycon-2016-1658@pyconguide"]["SUMMARY"]) == "Machete-mode debugging, revised"


@pytest.mark.django_db
def test_conference_feed_room_move_raises_sequence_and_location(client, read_calendar):
    scrape(talk())
    before = read_calendar(client.get("/pycon-2016/schedule.ics").content).walk("VEVENT")[0]

    scrape(talk(room="Portland Ballroom 252–253"))
    after = read_calendar(client.get("/pycon-2016/schedule.ics").content).walk("VEVENT")[0]

    assert (before.decoded("SEQUENCE"), str(before["LOCATION"])) == (0, "Oregon Ballroom 201–202")
    assert (after.decoded("SEQUENCE"), str(after["LOCATION"])) == (1, "Portland Ballroom 252–253")
    assert after["UID"] == before["UID"] == "pycon-2016-1658@pyconguide"


@pytest.mark.django_db
def test_conference_feed_keeps_cancelled_talk_marked_cancelled(client, read_calendar):
    others = [talk(source_id) for source_id in ("1701", "1702", "1703")]  # one of five may vanish unrefused
    scrape(talk(), talk("1700", title="Second"), *others)

    scrape(talk(), *others)  # 1700 vanished from the site: cancelled, never deleted
    events = events_by_uid(read_calendar(client.get("/pycon-2016/schedule.ics").content))

    cancelled = events["pycon-2016-1700@pyconguide"]
    assert (str(cancelled["STATUS"]), str(cancelled["SUMMARY"]), cancelled.decoded("SEQUENCE")) == (
        "CANCELLED",
        "Cancelled: Second",
        1,
    )
    assert str(events["pycon-2016-1658@pyconguide"]["STATUS"]) == "CONFIRMED"


@pytest.mark.django_db
def test_conference_feed_answers_304_to_matching_etag(client, django_assert_num_queries):
    scrape(talk())
    first = client.get("/pycon-2016/schedule.ics")

    with django_assert_num_queries(1):  # the conference, whose schedule version answers: nothing is built
        response = client.get("/pycon-2016/schedule.ics", headers={"if-none-match": first["ETag"]})

    assert (response.status_code, response.content) == (304, b"")
    assert response["ETag"] == first["ETag"]


@pytest.mark.django_db
def test_conference_feed_answers_304_to_if_modified_since(client):
    scrape(talk())
    first = client.get("/pycon-2016/schedule.ics")

    response = client.get("/pycon-2016/schedule.ics", headers={"if-modified-since": first["Last-Modified"]})

    assert response.status_code == 304
    assert response.content == b""
    assert first["Last-Modified"] == http_date(Presentation.objects.get().updated.timestamp())


@pytest.mark.django_db
def test_conference_feed_answers_200_with_new_content_after_a_change(client, read_calendar):
    scrape(talk())
    first = client.get("/pycon-2016/schedule.ics")

    scrape(talk(room="Portland Ballroom 252–253"))
    response = client.get("/pycon-2016/schedule.ics", headers={"if-none-match": first["ETag"]})

    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    assert str(read_calendar(response.content).walk("VEVENT")[0]["LOCATION"]) == "Portland Ballroom 252–253"


@pytest.mark.django_db
def test_conference_feed_unknown_conference_is_404(client):
    response = client.get("/no-such-conference/schedule.ics")

    assert response.status_code == 404


@pytest.mark.django_db
def test_conference_feed_query_count_does_not_grow_with_presentations(
    client, make_conference, make_presentation, django_assert_num_queries
):
    small, large = make_conference(), make_conference()
    make_presentation(small)
    for n in range(40):
        make_presentation(large, start=datetime(2016, 5, 30, 9, 0, tzinfo=TZ) + timedelta(minutes=10 * n))

    with django_assert_num_queries(2):
        client.get(f"/{small.slug}/schedule.ics")
    with django_assert_num_queries(2):
        response = client.get(f"/{large.slug}/schedule.ics")

    assert response.content.count(b"BEGIN:VEVENT") == 40


@pytest.mark.django_db
def test_conference_feed_repeated_fresh_request_is_served_from_cache(client, django_assert_num_queries):
    scrape(talk())
    first = client.get("/pycon-2016/schedule.ics")

    with django_assert_num_queries(1):  # the validators only: the built feed is kept under its ETag
        second = client.get("/pycon-2016/schedule.ics")

    assert (second.status_code, second.content, second["ETag"]) == (200, first.content, first["ETag"])


@pytest.mark.django_db
def test_talk_feed_holds_one_presentation(client, read_calendar):
    scrape(talk(), talk("1700", title="Second"))
    pk = Presentation.objects.get(source_id="1658").pk

    response = client.get(f"/talks/{pk}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = read_calendar(response.content)
    assert list(events_by_uid(calendar)) == ["pycon-2016-1658@pyconguide"]
    assert str(calendar["X-WR-CALNAME"]) == "Machete-mode debugging (PyCon US 2016)"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Los_Angeles"]


@pytest.mark.django_db
def test_talk_feed_answers_304_to_matching_etag(client):
    scrape(talk())
    pk = Presentation.objects.get().pk
    first = client.get(f"/talks/{pk}.ics")

    response = client.get(f"/talks/{pk}.ics", headers={"if-none-match": first["ETag"]})

    assert response.status_code == 304
    assert (response.content, response["ETag"]) == (b"", first["ETag"])


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/talks/{pk}.ics", "/pycon-2016/schedule.ics"], ids=["talk", "conference"])
def test_a_feed_is_built_from_two_queries_that_leave_the_search_copies_unread(client, path):
    scrape(talk(), talk("1700", title="Second"))
    path = path.format(pk=Presentation.objects.get(source_id="1658").pk)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)

    assert response.status_code == 200
    # The validators, then the rows with every column the events are written from (none read later).
    assert len(queries) == 2
    assert not {"search_text", "description_html"} & set(re.findall(r'"(\w+)"', queries[1]["sql"]))


@pytest.mark.django_db
def test_talk_feed_without_a_time_is_404(client):
    scrape(talk(), poster())

    response = client.get(f"/talks/{Presentation.objects.get(kind='poster').pk}.ics")

    assert response.status_code == 404


@pytest.mark.django_db
def test_talk_feed_unknown_talk_is_404(client):
    response = client.get("/talks/999999.ics")

    assert response.status_code == 404
