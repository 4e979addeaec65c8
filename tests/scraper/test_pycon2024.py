"""The 2024 PyCon US pages (CSS-grid site): the grid and detail parsers on real bytes.

The whole 2024 scrape (conference.json first) is checked in test_pycon_years.py."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from scraper import pycon_cssgrid, pycon_detail
from scraper.records import PresentationRecord, ScheduleUnreadable

PITTSBURGH = ZoneInfo("America/New_York")
PAGE = "http://pycon.test/2024/schedule/talks/"


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2024, 5, day, hour, minute, tzinfo=PITTSBURGH)


def test_parse_page_places_slots_by_grid_styles(archive_page) -> None:
    page = pycon_cssgrid.parse_page(archive_page("2024/schedule/talks/"), url=PAGE, tz=PITTSBURGH)
    by_id = {record.source_id: record for record in page.presentations}

    assert (by_id["92"].room, by_id["92"].start, by_id["92"].end) == (
        "Ballroom A",
        at(17, 11, 0),
        at(17, 11, 30),
    )
    assert by_id["92"].url == "http://pycon.test/2024/schedule/presentation/92/"
    assert (by_id["break-2024-05-17-lunch"].room, by_id["break-2024-05-17-lunch"].end) == (
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
        pycon_cssgrid.parse_page(content, url=PAGE, tz=PITTSBURGH)


def test_parse_page_slot_without_place_is_a_failure_note() -> None:
    content = b"""<div id="2024-05-17"></div><div class="calendar">
        <div class="header"><span>Room 1</span></div>
        <div class="time">09:00AM</div><div class="time">09:30AM</div>
        <div class="slot slot-talk" style="grid-column-start: 2; grid-row-start: 2; grid-row-end: 3;">
          <div class="presentation"><div class="title"><a href="../presentation/5/index.html">T</a></div></div>
        </div>
        <div class="slot slot-talk" style="color: red"><div class="presentation"></div></div></div>"""

    page = pycon_cssgrid.parse_page(content, url=PAGE, tz=PITTSBURGH)

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
    detail = pycon_detail.parse_detail(archive_page("2024/schedule/presentation/78/"))

    assert (detail.title, detail.speakers, detail.day, detail.times, detail.room) == (
        "Extensible Python: Robustness Through Addition",
        ("Pat Viafore",),
        date(2024, 5, 17),
        (at(17, 11, 0).time(), at(17, 11, 30).time()),
        "Room 301-305",
    )
    assert detail.description.count("\n\n") == 2


def test_parse_detail_of_other_page_is_blank() -> None:
    assert pycon_detail.parse_detail(b"<html><body>nothing</body></html>") == pycon_detail.Detail()
