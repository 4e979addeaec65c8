"""Every feed is valid in every case, read by icalendar and by allenporter's ical in strict mode: escaping,
one-line names, METHOD, full VTIMEZONE rules that agree with the zone database, short descriptions, CORS."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from ical.calendar_stream import IcsCalendarStream

from interests.models import CalendarFeed, Interest
from presentations.models import Presentation
from scraper.importer import import_schedule
from scraper.records import PresentationRecord, ScheduleRecord

BRUSSELS = ZoneInfo("Europe/Brussels")
# A FOSDEM talk's title, as it came: sed's replacement of a newline by a literal backslash-N.
BACKSLASHES = "Escaping with sed: s/\\n/\\\\N/g, C:\\New\\Notes; and a comma, too"


def talk(source_id: str, start: datetime, **fields) -> PresentationRecord:
    values = {
        "title": f"Talk {source_id}",
        "kind": "talk",
        "speakers": ("Ann Speaker",),
        "category": "Security",
        "room": "K.1.105",
        "start": start,
        "end": start + timedelta(minutes=25),
        "description": "First paragraph.\n\nSecond paragraph.",
    }
    values.update(fields)
    return PresentationRecord(source_id=source_id, **values)


def import_conference(*records, slug="fosdem-2024", timezone="Europe/Brussels") -> None:
    days = [record.start.date() for record in records if record.start]
    import_schedule(
        ScheduleRecord(
            slug=slug,
            name="FOSDEM 2024",
            timezone=timezone,
            presentations=list(records),
            start=min(days, default=None),
            end=max(days, default=None),
        )
    )


def strict(content: bytes):
    return IcsCalendarStream.calendar_from_ics(content.decode("utf-8"))


@pytest.mark.django_db
def test_feeds_round_trip_backslashes_through_both_parsers(client, read_calendar):
    import_conference(talk("1", datetime(2024, 2, 3, 10, 0, tzinfo=BRUSSELS), title=BACKSLASHES))
    pk = Presentation.objects.get().pk

    for path in ("/fosdem-2024/schedule.ics", f"/talks/{pk}.ics"):
        content = client.get(path).content
        assert str(read_calendar(content).walk("VEVENT")[0]["SUMMARY"]) == BACKSLASHES
        assert strict(content).events[0].summary == BACKSLASHES
        unfolded = content.replace(b"\r\n ", b"")
        assert b"SUMMARY:Escaping with sed: s/\\\\n/\\\\\\\\N/g\\, C:\\\\New\\\\Notes\\; and a comma\\, too" in unfolded


@pytest.mark.django_db
def test_feeds_fold_a_title_with_line_breaks_into_one_line(client, read_calendar):
    import_conference(talk("1", datetime(2024, 2, 3, 10, 0, tzinfo=BRUSSELS), title="Two\nlines\r\n and  more"))
    pk = Presentation.objects.get().pk

    conference = client.get("/fosdem-2024/schedule.ics")
    one = client.get(f"/talks/{pk}.ics")

    assert (conference.status_code, one.status_code) == (200, 200)
    assert str(read_calendar(conference.content).walk("VEVENT")[0]["SUMMARY"]) == "Two lines and more"
    calendar = read_calendar(one.content)
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == "Two lines and more (FOSDEM 2024)"
    assert strict(one.content).events[0].summary == "Two lines and more"


@pytest.mark.django_db
def test_every_feed_kind_says_method_publish_and_parses_everywhere(client, make_user, read_calendar):
    import_conference(talk("1", datetime(2024, 2, 3, 10, 0, tzinfo=BRUSSELS)))
    presentation = Presentation.objects.get()
    me = make_user()
    Interest.objects.create(user=me, presentation=presentation)
    full = CalendarFeed.objects.create(user=me)
    empty = CalendarFeed.objects.create(user=make_user())

    paths = [
        "/fosdem-2024/schedule.ics",
        "/fosdem-2024/schedule.ics?category=Security",
        f"/talks/{presentation.pk}.ics",
        "/fosdem-2024/speakers/ann-speaker.ics",
        f"/calendar/{full.token}.ics",
        f"/calendar/{empty.token}.ics",
    ]
    for path in paths:
        content = client.get(path).content
        assert "METHOD:PUBLISH" in content.decode().split("\r\n"), path
        read_calendar(content)  # icalendar (no errors), vobject (validating) and ical (strict)


def offsets_by_hour(tzinfo, first: datetime, last: datetime) -> dict[datetime, timedelta]:
    hours = int((last - first).total_seconds() // 3600)
    moments = [first + timedelta(hours=n) for n in range(hours)]
    return {moment: moment.astimezone(tzinfo).utcoffset() for moment in moments}


@pytest.mark.django_db
def test_vtimezone_agrees_with_the_zone_database_across_a_dst_change(client, read_calendar):
    # Belgium moves to summer time at 02:00 on 31 March 2024; a conference runs across it.
    saturday = talk("1", datetime(2024, 3, 30, 10, 0, tzinfo=BRUSSELS))
    after_the_jump = talk("2", datetime(2024, 3, 31, 3, 30, tzinfo=BRUSSELS))
    import_conference(saturday, after_the_jump)

    content = client.get("/fosdem-2024/schedule.ics").content
    [zone] = read_calendar(content).walk("VTIMEZONE")

    assert {sub.name for sub in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    onsets = {(sub.name, sub.decoded("DTSTART")) for sub in zone.subcomponents}
    assert ("DAYLIGHT", datetime(2024, 3, 31, 2, 0)) in onsets  # the wall time before the jump (RFC 5545)
    assert ("STANDARD", datetime(2024, 10, 27, 3, 0)) in onsets
    # Every hour for a year either side: the VTIMEZONE's offset is the zone database's.
    first, last = datetime(2023, 4, 1, tzinfo=UTC), datetime(2025, 3, 1, tzinfo=UTC)
    assert offsets_by_hour(zone.to_tz(), first, last) == offsets_by_hour(BRUSSELS, first, last)
    events = {event.uid: event for event in strict(content).events}
    assert events["fosdem-2024-2@pyconguide"].dtstart.astimezone(UTC) == datetime(2024, 3, 31, 1, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_vtimezone_of_a_zone_without_dst_is_one_standard_rule(client, read_calendar):
    import_conference(talk("1", datetime(2024, 2, 3, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))), timezone="Asia/Tokyo")

    [zone] = read_calendar(client.get("/fosdem-2024/schedule.ics").content).walk("VTIMEZONE")

    assert [(sub.name, sub.decoded("TZOFFSETTO")) for sub in zone.subcomponents] == [("STANDARD", timedelta(hours=9))]


@pytest.mark.django_db
def test_conference_feed_keeps_descriptions_short_and_the_talk_feed_whole(client, read_calendar):
    long_paragraph = " ".join(["word"] * 200)
    import_conference(
        talk("1", datetime(2024, 2, 3, 10, 0, tzinfo=BRUSSELS), description=f"{long_paragraph}\n\nSecond paragraph.")
    )
    pk = Presentation.objects.get().pk

    short = str(read_calendar(client.get("/fosdem-2024/schedule.ics").content).walk("VEVENT")[0]["DESCRIPTION"])
    whole = str(read_calendar(client.get(f"/talks/{pk}.ics").content).walk("VEVENT")[0]["DESCRIPTION"])

    speakers, text, url = short.split("\n\n")
    assert (speakers, url) == ("Ann Speaker", f"http://testserver/talks/{pk}/")
    assert text.endswith("word…") and len(text) <= 300
    assert whole == f"Ann Speaker\n\n{long_paragraph}\n\nSecond paragraph.\n\nhttp://testserver/talks/{pk}/"


@pytest.mark.django_db
def test_public_feeds_allow_any_origin_and_the_personal_feed_does_not(client, make_user):
    import_conference(talk("1", datetime(2024, 2, 3, 10, 0, tzinfo=BRUSSELS)))
    presentation = Presentation.objects.get()
    feed = CalendarFeed.objects.create(user=make_user())

    public = [
        client.get("/fosdem-2024/schedule.ics"),
        client.get("/fosdem-2024/schedule.ics?room=K.1.105"),
        client.get(f"/talks/{presentation.pk}.ics"),
        client.get("/fosdem-2024/speakers/ann-speaker.ics"),
        client.get("/fosdem-2024/schedule.json"),
        client.get("/fosdem-2024/schedule.xml"),
        client.get("/fosdem-2024/schedule.frab.json"),
    ]
    personal = client.get(f"/calendar/{feed.token}.ics")

    assert [response.get("Access-Control-Allow-Origin") for response in public] == ["*"] * 7
    assert (personal.status_code, personal.get("Access-Control-Allow-Origin")) == (200, None)


@pytest.mark.django_db
def test_empty_personal_feed_parses_strictly(client, make_user, make_conference):
    make_conference(timezone="America/Los_Angeles", start_date=date(2016, 5, 28), end_date=date(2016, 6, 5))
    feed = CalendarFeed.objects.create(user=make_user())

    calendar = strict(client.get(f"/calendar/{feed.token}.ics").content)

    assert (calendar.events, [zone.tz_id for zone in calendar.timezones]) == ([], ["America/Los_Angeles"])
