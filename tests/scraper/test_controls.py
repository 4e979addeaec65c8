"""Control characters found wherever a schedule keeps text, and a clean schedule passed on as it is."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from scraper.controls import printable
from scraper.records import PresentationRecord, ScheduleRecord

TALK = PresentationRecord(
    source_id="1", title="A talk", kind="talk", speakers=("Ada",), start=datetime(2024, 2, 3, 9, tzinfo=UTC)
)


def schedule(**changes) -> ScheduleRecord:
    return replace(ScheduleRecord(slug="s", name="S", timezone="UTC", presentations=[TALK]), **changes)


def test_printable_clean_schedule_is_passed_on_unchanged():
    clean = schedule(rooms=["A"], speaker_bios={"Ada": "Wrote\tthe\nfirst\r\nprogram."})
    warnings: list[str] = []

    assert printable(clean, warnings) is clean
    assert warnings == []


@pytest.mark.parametrize(
    ("dirty", "warning"),
    [
        (schedule(presentations=[replace(TALK, speakers=("A\x00da",))]), "1: control characters removed from speakers"),
        (schedule(presentations=[replace(TALK, room="R\x7f")]), "1: control characters removed from room"),
        (schedule(name="S\x1b"), "control characters removed from the conference's own fields"),
        (schedule(rooms=["A\x01"]), "control characters removed from the conference's own fields"),
        (schedule(speaker_bios={"A\x0bda": "Bio"}), "control characters removed from the conference's own fields"),
        (schedule(speaker_bios={"Ada": "Bi\x00o"}), "control characters removed from the conference's own fields"),
    ],
)
def test_printable_finds_controls_in_every_text(dirty, warning):
    warnings: list[str] = []

    cleaned = printable(dirty, warnings)

    assert warnings == [warning]
    assert printable(cleaned, []) is cleaned


def test_printable_finds_controls_in_a_tuple_that_holds_more_than_text():
    odd = replace(TALK, speakers=("Ada", 7, ("Gra\x00ce",)))
    warnings: list[str] = []

    cleaned = printable(schedule(presentations=[odd]), warnings)

    assert warnings == ["1: control characters removed from speakers"]
    assert cleaned.presentations[0].speakers == ("Ada", 7, ("Grace",))
