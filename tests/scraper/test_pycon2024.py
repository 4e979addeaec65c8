"""The 2024 PyCon US pages (CSS-grid site): parse functions on real bytes, and a real scrape over HTTP."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from scraper import pycon2024
from scraper.fetch import Fetcher
from scraper.pycon import scrape_pycon
from scraper.records import PresentationRecord, ScheduleUnreadable

PITTSBURGH = ZoneInfo("America/New_York")
PAGE = "http://pycon.test/2024/schedule/talks/"


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2024, 5, day, hour, minute, tzinfo=PITTSBURGH)


@pytest.fixture(scope="module")
def scraped(archive_url: str):
    with Fetcher() as fetcher:
        return scrape_pycon(2024, base_url=archive_url, fetcher=fetcher), archive_url


@pytest.fixture(scope="module")
def by_id(scraped) -> dict[str, PresentationRecord]:
    return {record.source_id: record for record in scraped[0].presentations}


def test_scrape_2024_counts_every_kind(scraped) -> None:
    schedule, _ = scraped

    kinds = Counter(record.kind for record in schedule.presentations)

    assert kinds == {"talk": 76, "charla": 16, "plenary": 17, "break": 13}
    assert len({record.source_id for record in schedule.presentations}) == 122


def test_scrape_2024_describes_the_conference(scraped) -> None:
    schedule, base = scraped

    assert (schedule.slug, schedule.name, schedule.timezone, schedule.source_url) == (
        "pycon-2024",
        "PyCon US 2024",
        "America/New_York",
        f"{base}/2024/schedule/",
    )
    assert (schedule.start, schedule.end) == (date(2024, 5, 17), date(2024, 5, 19))


def test_scrape_2024_talk_with_detail_page(by_id, scraped) -> None:
    base = scraped[1]
    talk = by_id["40"]

    assert talk == PresentationRecord(
        source_id="40",
        title="Build a data visualization app for your phone",
        kind="talk",
        speakers=("Russell Keith-Magee",),
        room="Ballroom BC",
        start=at(17, 11, 0),
        end=at(17, 11, 30),
        description=talk.description,
        url=f"{base}/2024/schedule/presentation/40/",
    )
    assert talk.description.startswith("The modern mobile phone is an incredibly powerful computing device.")
    assert talk.description.count("\n\n") == 1
    assert "<p>" not in talk.description


def test_scrape_2024_talk_without_detail_page_keeps_grid_data(by_id, scraped) -> None:
    schedule, base = scraped
    talk = by_id["22"]

    assert talk == PresentationRecord(
        source_id="22",
        title="Ruff: An Extremely Fast Python Linter and Code Formatter, Written in Rust",
        kind="talk",
        speakers=talk.speakers,
        room="Hall C",
        start=at(17, 12, 30),
        end=at(17, 13, 15),  # a 45-minute slot spans two grid rows
        url=f"{base}/2024/schedule/presentation/22/",
    )
    assert f"{base}/2024/schedule/presentation/22/: HTTP 404 File not found" in schedule.failures


def test_scrape_2024_several_speakers_and_charlas(by_id) -> None:
    charla = by_id["64"]

    assert (charla.kind, charla.title, charla.room, charla.speakers) == (
        "charla",
        "Desentrañando el Misterio del Distributed Tracing con Python",
        "Room 310/311",
        ("Israel Blancas",),
    )
    assert max(len(record.speakers) for record in by_id.values()) == 4


def test_scrape_2024_keynote_in_its_named_room(by_id) -> None:
    assert by_id["plenary-2024-05-17-0945"] == PresentationRecord(
        source_id="plenary-2024-05-17-0945",
        title="Jay Miller — Keynote",
        kind="plenary",
        room="Expo Hall B",
        start=at(17, 9, 45),
        end=at(17, 10, 30),
    )


def test_scrape_2024_two_items_in_one_slot_get_two_ids(by_id) -> None:
    job_fair, posters = by_id["plenary-2024-05-19-1000"], by_id["plenary-2024-05-19-1000-posters"]

    assert (job_fair.title, posters.title) == ("Job Fair", "Posters")
    assert posters.start == job_fair.start == at(19, 10, 0)


def test_scrape_2024_names_each_unread_page(scraped) -> None:
    schedule, base = scraped

    presentation_pages = [f for f in schedule.failures if "/presentation/" in f]
    assert len(presentation_pages) == 89  # every talk and charla but 40, 78 and 92
    assert [f for f in schedule.failures if "/presentation/" not in f] == [
        f"{base}/2024/schedule/ holds no schedule grid",  # the test server's folder listing
        f"{base}/2024/schedule/tutorials/: HTTP 404 File not found",
        f"{base}/2024/schedule/sponsor-tutorials/: HTTP 404 File not found",
        f"{base}/2024/schedule/posters/list/: HTTP 404 File not found",
    ]


def test_parse_page_places_slots_by_grid_styles(archive_page) -> None:
    page = pycon2024.parse_page(archive_page("2024/schedule/talks/"), url=PAGE, tz=PITTSBURGH)
    by_id = {record.source_id: record for record in page.presentations}

    assert (by_id["92"].room, by_id["92"].start, by_id["92"].end) == (
        "Ballroom A",
        at(17, 11, 0),
        at(17, 11, 30),
    )
    assert by_id["92"].url == "http://pycon.test/2024/schedule/presentation/92/"
    assert (by_id["break-2024-05-17-1300"].room, by_id["break-2024-05-17-1300"].end) == (
        "Ballroom A, Room 301-305, Room 310/311",
        at(17, 13, 45),
    )
    assert page.failures == []


@pytest.mark.parametrize(
    "content",
    [b"", b"<html><body><div class='calendar'>no slots</div></body></html>"],
    ids=["empty", "other-site"],
)
def test_parse_page_without_grid_is_unreadable(content: bytes) -> None:
    with pytest.raises(ScheduleUnreadable, match="holds no schedule grid"):
        pycon2024.parse_page(content, url=PAGE, tz=PITTSBURGH)


def test_parse_page_slot_without_place_is_a_failure_note() -> None:
    content = b"""<div id="2024-05-17"></div><div class="calendar">
        <div class="header"><span>Room 1</span></div>
        <div class="time">09:00AM</div><div class="time">09:30AM</div>
        <div class="slot slot-talk" style="grid-column-start: 2; grid-row-start: 2; grid-row-end: 3;">
          <div class="presentation"><div class="title"><a href="../presentation/5/index.html">T</a></div></div>
        </div>
        <div class="slot slot-talk" style="color: red"><div class="presentation"></div></div></div>"""

    page = pycon2024.parse_page(content, url=PAGE, tz=PITTSBURGH)

    assert page.presentations == [
        PresentationRecord(
            source_id="5",
            title="T",
            kind="talk",
            room="Room 1",
            start=at(17, 9, 0),
            end=at(17, 9, 30),
            url="http://pycon.test/2024/schedule/presentation/5/",
        )
    ]
    assert page.failures == [f"{PAGE}: 2024-05-17: a slot with no readable place was skipped"]


def test_parse_detail_reads_time_room_and_description(archive_page) -> None:
    detail = pycon2024.parse_detail(archive_page("2024/schedule/presentation/78/"))

    assert (detail.title, detail.speakers, detail.day, detail.start, detail.end, detail.room) == (
        "Extensible Python: Robustness Through Addition",
        ("Pat Viafore",),
        date(2024, 5, 17),
        at(17, 11, 0).time(),
        at(17, 11, 30).time(),
        "Room 301-305",
    )
    assert detail.description.count("\n\n") == 2


def test_parse_detail_of_other_page_is_blank() -> None:
    assert pycon2024.parse_detail(b"<html><body>nothing</body></html>") == pycon2024.Detail()
