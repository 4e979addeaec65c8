"""Text and time helpers shared by both PyCon layouts."""

from __future__ import annotations

from datetime import time

from scraper.pycon_html import django_times, html_paragraphs, paragraphs, parse_html, speakers


def test_paragraphs_keeps_breaks_and_collapses_spaces() -> None:
    raw = "  One  line\r\nand   the next \n\n\n\n* item\n*  item two\n   \n"

    assert paragraphs(raw) == "One line\nand the next\n\n* item\n* item two"


def test_html_paragraphs_one_paragraph_per_block() -> None:
    body = parse_html(
        b"<div id='d'>Lead <em>in</em><p>First &amp; <b>bold</b></p><ul><li>a</li><li>b</li></ul>tail</div>"
    )

    assert html_paragraphs(body.get_element_by_id("d")) == "Lead in\n\nFirst & bold\n\n- a\n- b\n\ntail"


def test_django_times_reads_the_p_format() -> None:
    assert django_times("Monday 11:30 a.m.–noon") == [time(11, 30), time(12, 0)]
    assert django_times("Saturday 9 a.m.–12:20 p.m.") == [time(9, 0), time(12, 20)]
    assert django_times("Friday - May 17th, 2024 1 p.m.-1:45 p.m. in Hall C") == [time(13, 0), time(13, 45)]


def test_speakers_splits_on_commas() -> None:
    assert speakers("  Brett Cannon,  Dino Viehland ") == ("Brett Cannon", "Dino Viehland")
    assert speakers("") == ()
