"""Each PyCon US layout family on small pages written for these tests (invented talks, invented people)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from scraper import pycon_cssgrid, pycon_detail, pycon_lists, pycon_merge, pycon_tables
from scraper.pycon_html import GridPage
from scraper.records import PresentationRecord, ScheduleUnreadable

UTC = ZoneInfo("UTC")
DENVER = ZoneInfo("America/Denver")
PAGE = "http://pycon.test/2099/schedule/"


def at(day: int, hour: int, minute: int = 0, tz=UTC) -> datetime:
    return datetime(2099, 5, day, hour, minute, tzinfo=tz)


def table(heading: str, cells: str, *, rooms=("Room A", "Room B")) -> bytes:
    heads = "".join(f"<th>{room}</th>" for room in rooms)
    return f"""<html><body>{heading}<table class="calendar"><thead><tr><th class="time"></th>{heads}</tr></thead>
        <tbody>{cells}</tbody></table></body></html>""".encode()


ROWS = """
    <tr><td class="time">09:00AM</td>
        <td class="slot slot-talk" rowspan="2"><span class="title"><a href="presentation/7/index.html">Seven</a></span>
            <span class="speaker">Ann Example, PhD</span></td>
        <td class="slot slot-talk"><span class="title">
            <a href="/2099/schedule/presentation/8/">Eight</a></span></td></tr>
    <tr><td class="time">09:30AM</td>
        <td class="slot slot-talk"><span class="title">
            <a href="/2099/schedule/presentation/9/">Nine</a></span></td></tr>
    <tr><td class="time">10:00AM</td><td class="slot slot-break" colspan="2">Break</td></tr>
    <tr><td class="time">10:15AM</td><td></td></tr>"""


@pytest.mark.parametrize(
    "heading",
    [
        "<h3>May 4, 2099</h3>",
        "<h3>Monday May 4, 2099</h3>",
        "<h3>Talks — May 4, 2099</h3>",
        '<div id="2099-05-04"><center><h3>May 4, 2099</h3></center></div>',
        '<div id="2099-05-04"></div>',
    ],
    ids=["date", "weekday-date", "section-date", "iso-id-and-heading", "iso-id"],
)
def test_tables_read_every_day_heading_form(heading: str) -> None:
    page = pycon_tables.parse_page(table(heading, ROWS), url=PAGE, tz=UTC)

    by_id = {record.source_id: record for record in page.presentations}
    assert (by_id["7"].room, by_id["7"].start, by_id["7"].end) == ("Room A", at(4, 9), at(4, 10))
    assert (by_id["9"].room, by_id["9"].start) == ("Room B", at(4, 9, 30))  # column A is still taken
    assert by_id["break-2099-05-04-break"].room == ""  # across every room
    assert page.failures == []


def test_tables_resolve_relative_links_against_the_page_address() -> None:
    page = pycon_tables.parse_page(table("<h3>May 4, 2099</h3>", ROWS), url=PAGE + "talks/", tz=UTC)

    seven = next(record for record in page.presentations if record.source_id == "7")
    assert seven.url == "http://pycon.test/2099/schedule/talks/presentation/7/"


def test_tables_name_a_heading_without_a_date() -> None:
    page = pycon_tables.parse_page(table("<h3>Someday</h3>", ROWS), url=PAGE, tz=UTC)

    assert page.presentations == []
    assert page.failures == [f"{PAGE}: a schedule table under the heading 'Someday': no date in it; skipped"]


def test_tables_of_2012_name_only_the_weekday_and_detail_pages_date_them() -> None:
    content = b"""<h2>Wednesday</h2><table><tr><th></th><th>Hall 1</th></tr>
        <tr><td class="time">09:00AM</td><td class="slot presentation">
            <div class="title"><a href="/2099/schedule/presentation/5/">Five</a></div></td></tr>
        <tr><td class="time">12:20PM</td><td class="slot recess">Lunch</td></tr>
        <tr><td class="time">01:20PM</td><td class="slot plenary">Keynote</td></tr></table>"""
    detail = b"""<section id="body"><div class="container"><h1>Five</h1>
        <div class="speakers"><a href="/2099/speaker/profile/1/">Bo Example</a></div>
        <dl><dt>Type:</dt><dd>Tutorial</dd></dl><div class="slot">May 6th 9 a.m. \xe2\x80\x93 12:20 p.m.</div>
        </div></section>"""

    page = pycon_tables.parse_page(content, url=PAGE, tz=UTC)
    records = pycon_merge.complete(page.presentations, {f"{PAGE}presentation/5/": detail}, tz=UTC, exported=set())

    by_kind = {record.kind: record for record in records}
    assert (by_kind["tutorial"].start, by_kind["tutorial"].end) == (at(6, 9), at(6, 12, 20))
    assert by_kind["tutorial"].speakers == ("Bo Example",)
    assert by_kind["break"].start == at(6, 12, 20)  # 2099-05-06 is a Wednesday
    assert by_kind["plenary"].start == at(6, 13, 20)


@pytest.mark.parametrize(
    ("attribute", "value", "what"),
    [("rowspan", 3000, "rows"), ("colspan", 3000, "rooms")],
)
def test_tables_refuse_spans_beyond_any_real_grid(attribute: str, value: int, what: str) -> None:
    cells = f'<tr><td class="time">09:00AM</td><td class="slot slot-talk" {attribute}="{value}">x</td></tr>'

    with pytest.raises(ScheduleUnreadable, match=f"a cell spans {value} {what}, more than any real grid"):
        pycon_tables.parse_page(table("<h3>May 4, 2099</h3>", cells), url=PAGE, tz=UTC)


SECTION_GRID = """<h2 class="conf-day">Talks — May 5, 2099</h2><div class="calendar">
    <div></div><div class="calendar-room">Hall 1</div><div class="calendar-room">Hall 2</div>
    <time class="calendar-time">09:00AM</time><time class="calendar-time">09:45AM</time>
    <time class="calendar-time">10:30AM</time>
    <section class="slot slot-plenary" style="grid-column-start: 2; grid-column-end: 4; grid-row-start: 2;
        grid-row-end: 3;"><div class="title"><p><a href="/2099/about/keynotes#x">Cy Example</a><br>
        <span>Keynote</span></p></div><div class="room-override">(Hall 1)</div></section>
    <section class="slot slot-talk" style="grid-column-start: 3; grid-column-end: 4; grid-row-start: 3;
        grid-row-end: 4;"><div class="presentation"><div class="title">
        <a href="/2099/schedule/presentation/11/">Eleven</a></div><div class="speaker">Di Example</div></div></section>
    <section class="slot slot-lightning-talks" style="grid-column-start: 2; grid-column-end: 3; grid-row-start: 3;
        grid-row-end: 4;"><div class="title"><p><a href="/2099/schedule/presentation/12/">Lightning Talks</a></p>
        </div></section>
</div>
<div class="mobile"><section class="slot slot-talk"><div class="presentation"><span>Hall 2</span>
    <div class="title"><a href="/2099/schedule/presentation/11/">Eleven</a></div></div></section></div>"""


def test_cssgrid_of_2025_reads_section_slots_and_ignores_the_phone_copy() -> None:
    page = pycon_cssgrid.parse_page(SECTION_GRID.encode(), url=PAGE, tz=UTC)

    by_id = {record.source_id: record for record in page.presentations}
    assert sorted(by_id) == ["11", "12", "plenary-2099-05-05-cy-example-keynote"]
    assert (by_id["11"].room, by_id["11"].start, by_id["11"].end) == ("Hall 2", at(5, 9, 45), at(5, 10, 30))
    assert (by_id["12"].kind, by_id["12"].room) == ("lightning-talks", "Hall 1")
    keynote = by_id["plenary-2099-05-05-cy-example-keynote"]
    assert (keynote.title, keynote.room) == ("Cy Example — Keynote", "Hall 1")
    assert page.failures == []


def test_a_moved_keynote_keeps_its_id() -> None:
    moved = SECTION_GRID.replace(
        "grid-row-start: 2;\n        grid-row-end: 3;", "grid-row-start: 3;\n        grid-row-end: 4;"
    )
    assert moved != SECTION_GRID

    before = pycon_cssgrid.parse_page(SECTION_GRID.encode(), url=PAGE, tz=UTC).presentations
    after = pycon_cssgrid.parse_page(moved.encode(), url=PAGE, tz=UTC).presentations

    assert {r.source_id for r in before if not r.url} == {r.source_id for r in after if not r.url}


LISTS = {
    "2012 sessions": b"""<div class="session"><div class="title"><a href="/2099/schedule/presentation/3/">3. Three</a>
        </div><div class="metadata">Novice Poster by Al Example, Bea Example<div class="badges"></div>
        <div><p>About three.</p></div></div></div>""",
    "2016 presentations": b"""<div class="presentation"><h3><a href="/2099/schedule/presentation/3/">3. Three</a></h3>
        <h4>Al Example, Bea Example in Science</h4>About three.</div>""",
    "2018 headings": b"""<h2><a id="presentation-3" href="/2099/schedule/presentation/3/">3. Three</a></h2>
        <p><b>Al Example, Bea Example</b><br><b>Sunday 10 a.m.-1 p.m. in</b></p>
        <div class="presentation-description">About three.</div>""",
}


@pytest.mark.parametrize("layout", sorted(LISTS))
def test_lists_read_every_layout_with_links(layout: str) -> None:
    (poster,) = pycon_lists.parse_list(LISTS[layout], url=PAGE + "posters/list/")

    assert (poster.source_id, poster.title, poster.kind, poster.speakers) == (
        "3",
        "3. Three",
        "poster",
        ("Al Example", "Bea Example"),
    )
    assert poster.url == "http://pycon.test/2099/schedule/presentation/3/"
    assert poster.description == "About three."
    assert poster.start is None


def test_lists_of_2020_on_have_no_links_and_are_named_by_title() -> None:
    content = b"""<div class="panel-heading"><h3>A Poster &amp; More</h3><ul>
        <li><a href="../../../speaker/profile/4/index.html">Cy Example</a></li></ul></div>
        <div class="panel-body"><div class="description"><p>See <a href="https://example.org/x">this</a>.</p>
        </div></div>"""

    (poster,) = pycon_lists.parse_list(content, url=PAGE + "posters/list/")

    assert (poster.source_id, poster.title, poster.speakers, poster.url) == (
        "poster-a-poster-more",
        "A Poster & More",
        ("Cy Example",),
        "",
    )


DETAILS = {
    "box": b"""<div class="box-content"><h4>Monday 10:50 a.m.\xe2\x80\x9311:20 a.m. in Room 9</h4><h2>Seven</h2>
        <h4><a href="/2099/speaker/profile/1/">Ann Example, PhD</a></h4>
        <dl><dt>Audience level:</dt><dd>Novice</dd><dt>Category:</dt><dd>Testing</dd></dl>
        <div class="description">See <a href="/2099/schedule/presentation/9/">nine</a>.</div></div>""",
    "panel": b"""<div class="panel-heading"><h3>Talks: Seven</h3>
        <p>Monday - May 4th, 2099 10:50 a.m.-11:20 a.m. in Room 9</p></div><div class="panel-body">
        <ul><li><a href="../../../speaker/profile/1/index.html">Ann Example, PhD</a></li></ul>
        <div class="description"><p>See <a href="https://docs.python.org/3/extending/">extension modules</a>.</p>
        </div></div>""",
    "header": b"""<main><div class="presentation-detail-header"><hgroup><h1> Seven </h1></hgroup>
        <p class="text-center">Monday, May 4th, 2099 10:50 a.m.\xe2\x80\x9311:20 a.m. in Room 9</p>
        <div class="presentation-detail-meta"><h2>Presented by</h2><p class="speaker-list">
        <a href="/2099/speaker/profile/1/">Ann Example, PhD</a></p></div>
        <div class="presentation-detail-meta"><h2>Experience Level:</h2><p>Novice</p></div></div>
        <div class="max-medium"><div class="content"><p>See <a href="/x">lock files</a>.</p></div></div></main>""",
}


@pytest.mark.parametrize("layout", sorted(DETAILS))
def test_details_of_every_layout_take_speakers_from_profile_links_only(layout: str) -> None:
    detail = pycon_detail.parse_detail(DETAILS[layout])

    assert (detail.title, detail.speakers) == ("Seven", ("Ann Example, PhD",))
    assert detail.times == (time(10, 50), time(11, 20))
    assert detail.room == "Room 9"
    assert detail.day in (None, date(2099, 5, 4))


def test_detail_page_speakers_and_end_win_over_the_grid() -> None:
    page = pycon_tables.parse_page(table("<h3>May 4, 2099</h3>", ROWS), url=PAGE, tz=UTC)
    grid = next(record for record in page.presentations if record.source_id == "7")
    assert grid.speakers == ("Ann Example", "PhD")  # what comma-splitting the cell gives
    detail = DETAILS["box"].replace(b"10:50 a.m.", b"9 a.m.").replace(b"11:20 a.m.", b"9:50 a.m.")

    (record,) = pycon_merge.complete([grid], {grid.url: detail}, tz=UTC, exported=set())

    assert record.speakers == ("Ann Example, PhD",)
    assert (record.start, record.end, record.room) == (at(4, 9), at(4, 9, 50), "Room 9")
    assert (record.audience, record.category) == ("Novice", "Testing")


def test_export_wall_times_stay_where_their_offset_disagrees_with_the_venue() -> None:
    written = datetime.fromisoformat("2099-04-29T09:00:00-07:00")  # Denver keeps -06:00 in late April
    notes: list[str] = []

    (record,) = pycon_merge.in_venue_zone([PresentationRecord("1", "One", "talk", start=written)], DENVER, notes)

    assert record.start == datetime(2099, 4, 29, 9, 0, tzinfo=DENVER)
    assert notes == ["conference.json writes UTC-0700 where America/Denver keeps another offset: its wall times kept"]


def test_export_offsets_the_venue_never_keeps_are_instants_moved_into_its_zone() -> None:
    written = datetime.fromisoformat("2099-04-29T15:00:00+00:00")

    (record,) = pycon_merge.in_venue_zone([PresentationRecord("1", "One", "talk", start=written)], DENVER, [])

    assert record.start == datetime(2099, 4, 29, 9, 0, tzinfo=DENVER)


def test_pages_add_only_what_the_export_lacks() -> None:
    export = [
        PresentationRecord("7", "Seven", "talk", url="https://us.pycon.org/2099/schedule/presentation/7/"),
        PresentationRecord("slot-1", "Break", "break"),
    ]
    grid = GridPage(
        presentations=[
            PresentationRecord("7", "Seven (grid)", "talk", url=PAGE + "presentation/7/"),
            PresentationRecord("break-2099-05-04-break", "Break", "break"),
            PresentationRecord("poster-one", "One", "poster"),
        ]
    )
    notes: list[str] = []

    records = pycon_merge.combine(export, {PAGE: grid}, notes)

    assert [(record.source_id, record.title) for record in records] == [
        ("7", "Seven"),
        ("slot-1", "Break"),
        ("poster-one", "One"),
    ]
    assert notes == ["pages add 1 presentations that conference.json does not list"]
