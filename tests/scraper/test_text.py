"""HTML to plain text and durations, as the export parsers use them (slugs: tests/presentations/test_slugs.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scraper.text import html_to_text, parse_duration, plain_text


def test_html_to_text_paragraphs_lists_and_entities() -> None:
    markup = "<p>Tea &amp; <b>cake</b>\n  later</p>\n<ul><li>one</li><li>two <code>x</code></li></ul><p>a<br>b</p>"

    assert html_to_text(markup) == "Tea & cake later\n\n- one\n- two x\n\na\nb"


def test_html_to_text_double_break_is_a_paragraph_and_comments_vanish() -> None:
    assert html_to_text("Kate <br><br><span>Keynote</span> <!-- note --> end") == "Kate\n\nKeynote end"


def test_plain_text_leaves_markdown_alone_but_tidies_line_ends() -> None:
    assert plain_text("See <https://example.org> & 1 < 2\r\n\r\n\r\n\r\nNext  ") == (
        "See <https://example.org> & 1 < 2\n\nNext"
    )


def test_plain_text_markdown_with_html_keeps_its_blank_lines() -> None:
    assert plain_text('One\r\n\r\nTwo with <a href="x">link</a>') == "One\n\nTwo with link"


def test_plain_text_nothing() -> None:
    assert (plain_text(None), plain_text("")) == ("", "")


@pytest.mark.parametrize(
    ("value", "duration"),
    [
        ("01:30", timedelta(hours=1, minutes=30)),
        ("0:05:30", timedelta(minutes=5, seconds=30)),
        ("", None),
        (None, None),
        ("90", None),
        ("1:75", None),
    ],
)
def test_parse_duration(value: str | None, duration: timedelta | None) -> None:
    assert parse_duration(value) == duration
