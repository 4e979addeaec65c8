"""Any view of the list is a feed: /<slug>/schedule.ics takes the list's filters, and the list links its own."""

import html
from datetime import datetime, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest

from scraper.importer import import_schedule
from scraper.records import PresentationRecord, ScheduleRecord

BRUSSELS = ZoneInfo("Europe/Brussels")
SATURDAY = datetime(2024, 2, 3, 10, 0, tzinfo=BRUSSELS)
SUNDAY = datetime(2024, 2, 4, 10, 0, tzinfo=BRUSSELS)


def talk(source_id: str, start: datetime, **fields) -> PresentationRecord:
    values = {"title": f"Talk {source_id}", "kind": "talk", "room": "K.1.105", "category": "Rust"}
    values.update(fields)
    return PresentationRecord(source_id=source_id, start=start, end=start + timedelta(minutes=25), **values)


@pytest.fixture
def fosdem(db):
    import_schedule(
        ScheduleRecord(
            slug="fosdem-2024",
            name="FOSDEM 2024",
            timezone="Europe/Brussels",
            presentations=[
                talk("1", SATURDAY, category="Security", title="Secure boot"),
                talk("2", SATURDAY, room="Janson"),
                talk("3", SUNDAY, category="Security", room="Janson", title="Supply chains"),
                talk("4", SUNDAY),
                talk("5", SATURDAY + timedelta(hours=2), kind="lunch", title="Lunch", category=""),
            ],
            start=SATURDAY.date(),
            end=SUNDAY.date(),
        )
    )


def feed_uids(response, read_calendar) -> list[str]:
    assert response.status_code == 200
    return [str(event["UID"]) for event in read_calendar(response.content).walk("VEVENT")]


def uid(n: int) -> str:
    return f"fosdem-2024-{n}@pyconguide"


def test_filtered_feed_holds_what_the_view_shows(client, fosdem, read_calendar):
    cases = {
        "": [uid(1), uid(2), uid(3), uid(4)],
        "?category=Security": [uid(1), uid(3)],
        "?room=Janson&day=2024-02-04": [uid(3)],
        "?q=supply": [uid(3)],
        "?kind=lunch": [uid(5)],
        "?category=Security&mine=1": [uid(1), uid(3)],  # an app cannot sign in: mine means nothing here
        "?day=not-a-day&category=Security": [uid(1), uid(3)],  # ignored, as the list ignores it
    }

    found = {query: feed_uids(client.get(f"/fosdem-2024/schedule.ics{query}"), read_calendar) for query in cases}

    assert found == cases


def test_filtered_feed_is_named_after_the_view(client, fosdem, read_calendar):
    calendar = read_calendar(client.get("/fosdem-2024/schedule.ics?category=Security&room=Janson").content)

    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"]) == "FOSDEM 2024: Security · Janson"


def test_filtered_feed_has_its_own_etag_and_answers_304(client, fosdem):
    whole = client.get("/fosdem-2024/schedule.ics")
    security = client.get("/fosdem-2024/schedule.ics?category=Security")

    again = client.get("/fosdem-2024/schedule.ics?category=Security", headers={"if-none-match": security["ETag"]})
    other = client.get("/fosdem-2024/schedule.ics?category=Rust", headers={"if-none-match": security["ETag"]})

    assert whole["ETag"] != security["ETag"]
    assert (again.status_code, again.content) == (304, b"")
    assert other.status_code == 200


def test_every_list_view_links_its_own_feed(client, fosdem):
    whole = client.get("/fosdem-2024/").content.decode()
    security = html.unescape(client.get("/fosdem-2024/?category=Security&room=Janson").content.decode())

    assert 'href="webcal://testserver/fosdem-2024/schedule.ics"' in whole
    assert "Subscribe to the whole schedule" in whole
    assert 'href="webcal://testserver/fosdem-2024/schedule.ics?category=Security&room=Janson"' in security
    assert 'value="http://testserver/fosdem-2024/schedule.ics?category=Security&room=Janson"' in security
    assert "Subscribe to this view" in security
    outlook = "https://outlook.live.com/calendar/0/addfromweb?url=" + quote(
        "http://testserver/fosdem-2024/schedule.ics?category=Security&room=Janson", safe=""
    )
    assert f'href="{outlook}&name=FOSDEM+2024%3A+Security+%C2%B7+Janson"' in security
    assert 'href="https://calendar.google.com/calendar/r/settings/addbyurl"' in security
