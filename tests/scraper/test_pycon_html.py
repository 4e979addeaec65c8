"""Text and time helpers shared by every PyCon layout."""

from __future__ import annotations

from datetime import date, time

import pytest

from scraper.pycon_html import django_times, grid_speakers, heading_date, long_date, parse_html
from scraper.text import element_text, tidy_paragraphs


def test_paragraphs_keeps_breaks_and_collapses_spaces() -> None:
    raw = "  One  line\r\nand   the next \n\n\n\n* item\n*  item two\n   \n"

    assert tidy_paragraphs(raw) == "One line\nand the next\n\n* item\n* item two"


def test_html_paragraphs_one_paragraph_per_block() -> None:
    body = parse_html(
        b"<div id='d'>Lead <em>in</em><p>First &amp; <b>bold</b></p><ul><li>a</li><li>b</li></ul>tail</div>"
    )

    assert element_text(body.get_element_by_id("d")) == "Lead in\n\nFirst & bold\n\n- a\n- b\n\ntail"


def test_django_times_reads_the_p_format() -> None:
    assert django_times("Monday 11:30 a.m.–noon") == [time(11, 30), time(12, 0)]
    assert django_times("Saturday 9 a.m.–12:20 p.m.") == [time(9, 0), time(12, 20)]
    assert django_times("Friday - May 17th, 2024 1 p.m.-1:45 p.m. in Hall C") == [time(13, 0), time(13, 45)]


def test_grid_speakers_splits_on_commas() -> None:
    assert grid_speakers("  Brett Cannon,  Dino Viehland ") == ("Brett Cannon", "Dino Viehland")
    assert grid_speakers("") == ()


@pytest.mark.parametrize(
    ("heading", "day"),
    [
        ("May 30, 2016", date(2016, 5, 30)),
        ("Friday May 11, 2018", date(2018, 5, 11)),
        ("Tutorials — May 12, 2021", date(2021, 5, 12)),
        ("Friday - May 17th, 2024", date(2024, 5, 17)),
        ("Sponsor Presentations — May 15, 2025", date(2025, 5, 15)),
        ("2022-04-29", date(2022, 4, 29)),
        ("Sept. 3, 2030", None),
        ("Someday", None),
        ("February 30, 2026", None),
    ],
)
def test_heading_date_reads_every_day_heading_form(heading: str, day) -> None:
    assert heading_date(heading) == day


def test_long_date_needs_a_year() -> None:
    assert long_date("March 7th 9 a.m.") is None
