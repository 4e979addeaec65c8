"""Symposion's conference.json: PyCon US 2024's real export, and small hand-written ones."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from scraper import symposion_json
from scraper.records import PresentationRecord, ScheduleRecord, ScheduleUnreadable

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(scope="module")
def conference_json_2024(shared_data) -> bytes:
    return (shared_data / "pycon-archive" / "2024" / "schedule" / "conference.json").read_bytes()


@pytest.fixture(scope="module")
def pycon_2024(conference_json_2024) -> ScheduleRecord:
    return symposion_json.parse(conference_json_2024)


def by_id(schedule: ScheduleRecord) -> dict[str, PresentationRecord]:
    return {presentation.source_id: presentation for presentation in schedule.presentations}


def without_texts(presentation: PresentationRecord) -> PresentationRecord:
    # The talk texts are the speakers' own: tests check their shape, not a copy of them.
    return dataclasses.replace(presentation, description="", abstract="")


def make_entry(conf_key: Any, **fields: Any) -> dict[str, Any]:
    return {
        "room": "Room 1",
        "rooms": ["Room 1"],
        "start": "2025-05-16T10:00:00-04:00",
        "end": "2025-05-16T10:30:00-04:00",
        "kind": "talk",
        "conf_key": conf_key,
        "name": "A talk",
        "description": "<p>Short.</p>",
        **fields,
    }


def conference_json(entries: list[dict[str, Any]], about: str = "<p>All times <code>US/Eastern</code></p>") -> bytes:
    return json.dumps({"conference": {"content": {"about": about}}, "schedule": entries}).encode()


def test_symposion_json_pycon_2024_conference(pycon_2024) -> None:
    schedule = pycon_2024

    # The slug and name come from the entries' us.pycon.org/2024/ URLs, the zone from "All times US/Eastern".
    assert (schedule.slug, schedule.name, schedule.timezone) == (
        "pycon-2024",
        "PyCon US 2024",
        "America/New_York",
    )
    assert (schedule.start, schedule.end) == (date(2024, 5, 15), date(2024, 5, 19))
    assert schedule.failures == []


def test_symposion_json_pycon_2024_counts(pycon_2024) -> None:
    presentations = pycon_2024.presentations

    # 209 entries, one of them the poster session listing 27 posters: each poster is a record too.
    assert len(presentations) == 236
    assert len({p.source_id for p in presentations}) == 236
    assert Counter(p.source_id.startswith("slot-") for p in presentations) == {False: 159, True: 77}
    assert Counter(p.kind for p in presentations) == {
        "talk": 76,
        "informational": 28,
        "poster": 28,
        "tutorial": 24,
        "plenary": 16,
        "sponsor-workshop": 16,
        "charla": 16,
        "break": 13,
        "event": 11,
        "summit": 8,
    }
    assert Counter(p.cancelled for p in presentations) == {False: 236}
    assert len({p.room for p in presentations}) == 23
    assert {p.start.utcoffset().total_seconds() / 3600 for p in presentations} == {-4.0}


def test_symposion_json_pycon_2024_talk_keyed_on_presentation_id(pycon_2024) -> None:
    talk = by_id(pycon_2024)["40"]

    # Slot conf_key 9 holds presentation 40, the id in its URL and on its page.
    assert without_texts(talk) == PresentationRecord(
        source_id="40",
        title="Build a data visualization app for your phone",
        kind="talk",
        speakers=("Russell Keith-Magee",),
        room="Ballroom BC",
        start=datetime(2024, 5, 17, 11, 0, tzinfo=NEW_YORK),
        end=datetime(2024, 5, 17, 11, 30, tzinfo=NEW_YORK),
        url="https://us.pycon.org/2024/schedule/presentation/40/",
        recorded=True,
    )
    assert talk.start.isoformat() == "2024-05-17T11:00:00-04:00"
    assert talk.description.count("\n\n") == 1
    assert talk.description.startswith("The modern mobile phone is an incredibly powerful computing device.")
    assert "<p>" not in talk.description


def test_symposion_json_pycon_2024_plenary_slot(pycon_2024) -> None:
    keynote = by_id(pycon_2024)["slot-108"]

    # conf_key 108 is a slot; presentation 108 is another talk entirely, hence the prefix.
    assert keynote == PresentationRecord(
        source_id="slot-108",
        title="Keynote - Kate Chapman",
        kind="plenary",
        room="Expo Hall B",
        start=datetime(2024, 5, 19, 9, 0, tzinfo=NEW_YORK),
        end=datetime(2024, 5, 19, 9, 45, tzinfo=NEW_YORK),
        description="Kate Chapman\n\nKeynote",
    )
    assert by_id(pycon_2024)["108"].kind == "talk"


def test_symposion_json_pycon_2024_poster_in_its_session(pycon_2024) -> None:
    presentations = by_id(pycon_2024)
    poster = presentations["119"]

    assert without_texts(poster) == PresentationRecord(
        source_id="119",
        title=(
            "Breaking Barriers in Research Projects: BeagleTM, a Powerful Python-based Text Mining Tool "
            "for Visual Discovery in Scientific Literature"
        ),
        kind="poster",
        speakers=("Oliver Bonham-Carter",),
        room="Expo Hall A",
        start=datetime(2024, 5, 19, 10, 0, tzinfo=NEW_YORK),
        end=datetime(2024, 5, 19, 13, 0, tzinfo=NEW_YORK),
        url="https://us.pycon.org/2024/schedule/presentation/119/",
    )
    assert poster.description.count("\n\n") == 2
    assert (presentations["slot-178"].title, presentations["slot-178"].kind) == ("Posters Session", "poster")


def test_symposion_json_cancelled_entries_are_kept_and_marked() -> None:
    entries = [
        make_entry(1, conf_url="https://us.pycon.org/2025/schedule/presentation/11/", cancelled=True),
        make_entry(2, conf_url="https://us.pycon.org/2025/schedule/presentation/12/", cancelled=False),
    ]

    schedule = symposion_json.parse(conference_json(entries))

    assert [(p.source_id, p.cancelled) for p in schedule.presentations] == [("11", True), ("12", False)]
    assert (schedule.slug, schedule.name) == ("pycon-2025", "PyCon US 2025")


def test_symposion_json_entry_without_any_id_gets_a_stable_one() -> None:
    entries = [make_entry(None, kind="Break", name="Lunch", room="Hall A"), make_entry(5)]

    first = symposion_json.parse(conference_json(entries), slug="democon")
    again = symposion_json.parse(conference_json(entries), slug="democon")

    assert [p.source_id for p in first.presentations] == [
        "slot-break-2025-05-16t10-00-hall-a-lunch",
        "slot-5",
    ]
    assert [p.source_id for p in again.presentations] == [p.source_id for p in first.presentations]
    assert first.presentations[0].kind == "break"


def test_symposion_json_bad_entries_are_noted() -> None:
    entries = [make_entry(1, name=""), make_entry(2, start=None, end=None), make_entry(3), make_entry(3)]

    schedule = symposion_json.parse(conference_json(entries), slug="democon")

    assert [(p.source_id, p.start is None) for p in schedule.presentations] == [
        ("slot-2", True),
        ("slot-3", False),
    ]
    assert schedule.failures == [
        "schedule entry 1 has no name: skipped",
        "schedule entry 'A talk': no readable start time",
        "duplicate id slot-3: 'A talk' skipped",
    ]


def test_symposion_json_slug_from_source_url_and_zone_from_offsets() -> None:
    data = json.dumps([make_entry(1)]).encode()  # older exports: the bare list

    schedule = symposion_json.parse(data, source_url="https://us.pycon.org/2019/schedule/conference.json")

    assert (schedule.slug, schedule.name, schedule.timezone) == ("pycon-2019", "PyCon US 2019", "Etc/GMT+4")
    assert schedule.presentations[0].start.isoformat() == "2025-05-16T10:00:00-04:00"


def test_symposion_json_given_slug_wins() -> None:
    data = conference_json([make_entry(1, conf_url="https://us.pycon.org/2025/schedule/presentation/11/")])

    schedule = symposion_json.parse(data, slug="my-con")

    assert (schedule.slug, schedule.name) == ("my-con", "my-con")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b'{"conference": {"content": {"about": "<p>All', "not valid JSON (truncated?)"),
        (b"<!DOCTYPE html><html><body>Not found</body></html>", "not valid JSON (truncated?)"),
        (b'{"schedule": {"conference": {}}}', "not a Symposion conference.json: no list of schedule entries"),
        (b'{"schedule": [{"name": "x"}]}', "not a Symposion conference.json: entries have no kind and start"),
        (conference_json([]), "no readable events in the schedule"),
        (
            conference_json([make_entry(1)]),
            "cannot tell which conference this conference.json is: pass --slug",
        ),
    ],
)
def test_symposion_json_unreadable(data: bytes, reason: str) -> None:
    with pytest.raises(ScheduleUnreadable) as caught:
        symposion_json.parse(data)

    assert str(caught.value).startswith(reason)
    assert "\n" not in str(caught.value)


def test_symposion_json_truncated_pycon_2024_is_unreadable(conference_json_2024) -> None:
    data = conference_json_2024

    with pytest.raises(ScheduleUnreadable, match=r"not valid JSON \(truncated\?\)"):
        symposion_json.parse(data[:-100])


def test_symposion_json_pycon_2024_speaker_bios_are_plain_text_by_name(pycon_2024) -> None:
    speakers = {name for presentation in pycon_2024.presentations for name in presentation.speakers}
    bios = pycon_2024.speaker_bios

    # The bios are the speakers' own words: their shape is checked, not a copy of them.
    assert len(bios) == 188
    assert set(bios) <= speakers
    assert [name for name, bio in bios.items() if "<" in bio or not bio.strip()] == []
    assert sum("\n\n" in bio for bio in bios.values()) == 47  # HTML paragraphs became blank-line paragraphs


def test_symposion_json_bios_are_html_made_plain_and_empty_ones_left_out() -> None:
    speakers = [
        {"name": "Ada", "bio": "<p>Wrote <em>the</em> first program.</p><p>Also &amp; more.</p>"},
        {"name": "Grace", "bio": ""},
        "Linus",
    ]
    schedule = symposion_json.parse(conference_json([make_entry(1, speakers=speakers)]), slug="c")

    assert schedule.speaker_bios == {"Ada": "Wrote the first program.\n\nAlso & more."}
