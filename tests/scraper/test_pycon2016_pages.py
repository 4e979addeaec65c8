"""PyCon US 2016's pages one by one, as each parser reads them: the talks grid (whole, cut short, broken),
a session page, a detail page and the poster list."""

from __future__ import annotations

from collections import Counter

import pytest

from scraper import pycon_detail, pycon_lists, pycon_tables
from scraper.records import PresentationRecord, ScheduleUnreadable
from tests.scraper.pycon2016 import PAGE, PORTLAND, at


def test_parse_grid_reads_talks_page(archive_page) -> None:
    page = pycon_tables.parse_page(archive_page("2016/schedule/talks/"), url=PAGE, tz=PORTLAND)

    kinds = Counter(record.kind for record in page.presentations)
    assert kinds == {"talk": 94, "plenary": 13, "break": 9, "lunch": 4, "breakfast": 3}
    assert page.failures == []
    assert len(page.follow_urls) == 35
    assert page.follow_urls[0] == "http://pycon.test/2016/schedule/session/111/"


def test_parse_grid_row_after_45_minute_talks_finds_its_columns(archive_page) -> None:
    page = pycon_tables.parse_page(archive_page("2016/schedule/talks/"), url=PAGE, tz=PORTLAND)
    by_id = {record.source_id: record for record in page.presentations}

    # Row 1:55 PM has three cells; two columns are still taken by 1:40 PM talks.
    assert [(by_id[i].room, by_id[i].start) for i in ("1752", "1858")] == [
        ("Oregon Ballroom 201–202", at(30, 13, 55)),
        ("Portland Ballroom 254–255", at(30, 13, 55)),
    ]


def test_parse_grid_of_truncated_page_reads_what_is_there(archive_page) -> None:
    content = archive_page("2016/schedule/talks/")
    cut = content[: content.index(b"May 31, 2016") + 3000]

    page = pycon_tables.parse_page(cut, url=PAGE, tz=PORTLAND)

    assert Counter(record.kind for record in page.presentations)["talk"] == 39  # all of May 30


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff\xfe binary",
        b"<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body><h1>Welcome</h1></body></html>",
    ],
    ids=["empty", "binary", "other-site"],
)
def test_parse_grid_without_grid_is_unreadable(content: bytes) -> None:
    with pytest.raises(ScheduleUnreadable, match="holds no schedule grid"):
        pycon_tables.parse_page(content, url=PAGE, tz=PORTLAND)


def test_parse_grid_of_page_cut_before_the_grid_is_unreadable(archive_page) -> None:
    content = archive_page("2016/schedule/talks/")

    with pytest.raises(ScheduleUnreadable):
        pycon_tables.parse_page(content[: content.index(b"<h3>May 30")], url=PAGE, tz=PORTLAND)


def test_parse_grid_cell_with_missing_fields_is_blank_not_a_crash() -> None:
    content = b"""<h3>May 30, 2016</h3><table class="calendar"><thead><tr><th class="time"></th>
        <th>Room 1</th><th>Room 2</th></tr></thead><tbody>
        <tr><td class="time">10:50AM</td>
            <td class="slot slot-talk"><span class="title"><a href="/2016/schedule/presentation/7/">T</a></span></td>
            <td class="slot slot-talk"><span class="title"><a href="/2016/speaker/3/">Odd</a></span></td></tr>
        <tr><td class="time">nonsense</td><td class="slot slot-talk" colspan="2">Lost</td></tr>
        <tr><td class="time">11:30AM</td><td colspan="2"></td></tr></tbody></table>
        <h3>Someday</h3><table class="calendar"><tbody><tr><td class="time">9:00AM</td></tr></tbody></table>"""

    page = pycon_tables.parse_page(content, url=PAGE, tz=PORTLAND)

    assert page.presentations == [
        PresentationRecord(
            source_id="7",
            title="T",
            kind="talk",
            room="Room 1",
            start=at(30, 10, 50),
            end=None,  # the next row has no readable time
            url="http://pycon.test/2016/schedule/presentation/7/",
        )
    ]
    assert page.failures == [
        f"{PAGE}: 2016-05-30 10:50: a talk cell without a presentation link was skipped",
        f"{PAGE}: 2016-05-30: a cell in a row without a start time was skipped",
        f"{PAGE}: a schedule table under the heading 'Someday': no date in it; skipped",
    ]


def test_parse_session_reads_date_times_and_room(archive_page) -> None:
    slots = pycon_detail.parse_session(archive_page("2016/schedule/session/111/"), tz=PORTLAND)

    assert slots == {
        "1658": pycon_detail.SessionSlot(at(30, 10, 50), at(30, 11, 20), "Oregon Ballroom 201–202"),
        "2073": pycon_detail.SessionSlot(at(30, 11, 30), at(30, 12, 0), "Oregon Ballroom 201–202"),
        "2075": pycon_detail.SessionSlot(at(30, 12, 10), at(30, 12, 55), "Oregon Ballroom 201–202"),
    }


def test_parse_detail_reads_the_box(archive_page) -> None:
    detail = pycon_detail.parse_detail(archive_page("2016/schedule/presentation/1866/"))

    assert (detail.title, detail.speakers, detail.audience, detail.category) == (
        "Pyjion: who doesn’t want faster for free?",
        ("Brett Cannon", "Dino Viehland"),
        "Experienced",
        "Python Internals",
    )
    assert [t.isoformat() for t in detail.times] == ["11:30:00", "12:00:00"]  # "11:30 a.m.–noon"


def test_parse_detail_of_other_page_is_blank() -> None:
    assert pycon_detail.parse_detail(b"<html><body><p>Not here</p></body></html>") == pycon_detail.Detail()
    assert pycon_detail.parse_detail(b"") == pycon_detail.Detail()


def test_parse_posters_reads_the_list(archive_page) -> None:
    posters = pycon_lists.parse_list(
        archive_page("2016/schedule/posters/list/"), url="http://pycon.test/2016/schedule/posters/list/"
    )

    assert len(posters) == 30
    poster = posters[7]
    assert (poster.source_id, poster.title, poster.speakers, poster.category, poster.kind, poster.url) == (
        "2105",
        "Bringing Introductory Computer Science Concepts to Life Using Graphics",  # the page has two spaces
        ("Emilia Gan", "Ravi Gandham"),
        "Education",
        "poster",
        "http://pycon.test/2016/schedule/presentation/2105/",
    )
