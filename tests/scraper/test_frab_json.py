"""frab/pretalx JSON: rC3 Channels 2020's real pretalx export, and small hand-written schedules."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from scraper import frab_json
from scraper.records import PresentationRecord, ScheduleRecord, ScheduleUnreadable

# The export names no zone; its offsets say UTC+1, which Etc/GMT-1 is (the Etc names invert the sign).
UTC_PLUS_1 = ZoneInfo("Etc/GMT-1")


@pytest.fixture(scope="module")
def rc3_json(shared_data) -> bytes:
    return (shared_data / "schedule-json" / "pretalx-rc3-channels-2020.json").read_bytes()


@pytest.fixture(scope="module")
def rc3(rc3_json) -> ScheduleRecord:
    return frab_json.parse(rc3_json)


def by_id(schedule: ScheduleRecord) -> dict[str, PresentationRecord]:
    return {presentation.source_id: presentation for presentation in schedule.presentations}


def without_texts(presentation: PresentationRecord) -> PresentationRecord:
    # The talk texts are the speakers' own: tests check their shape, not a copy of them.
    return dataclasses.replace(presentation, description="", abstract="")


def make_event(event_id: Any, **fields: Any) -> dict[str, Any]:
    return {
        "id": event_id,
        "guid": f"guid-{event_id}",
        "date": "2025-03-01T10:00:00+01:00",
        "start": "10:00",
        "duration": "00:45",
        "room": "Hall 1",
        "title": "A talk",
        "track": "Main",
        "type": "Talk",
        "language": "en",
        "abstract": "",
        "description": "",
        "persons": [{"id": 1, "public_name": "Ada"}],
        **fields,
    }


def schedule_json(events: list[dict[str, Any]], **conference: Any) -> bytes:
    day = {
        "index": 1,
        "date": "2025-03-01",
        "day_start": "2025-03-01T09:00:00+01:00",
        "rooms": {"Hall 1": events},
    }
    base = {"acronym": "democon-2025", "title": "DemoCon 2025", "start": "2025-03-01", "end": "2025-03-01"}
    return json.dumps({"schedule": {"version": "1", "conference": {**base, **conference, "days": [day]}}}).encode()


def test_frab_json_rc3_conference(rc3) -> None:
    schedule = rc3

    assert (schedule.slug, schedule.name, schedule.timezone) == (
        "rc3-channels-2020",
        "rC3 Channels",
        "Etc/GMT-1",
    )
    assert (schedule.start, schedule.end) == (date(2020, 12, 27), date(2020, 12, 30))
    assert schedule.failures == []


def test_frab_json_rc3_counts(rc3) -> None:
    presentations = rc3.presentations

    assert len(presentations) == 48
    assert len({p.source_id for p in presentations}) == 48
    # pretalx's submission types become kinds of their own, whole: nothing the type says is dropped.
    assert Counter(p.kind for p in presentations) == {
        "talk-30-min-10min-q-a": 36,
        "talk-60min-20min-q-a": 8,
        "workshop-60-min": 1,
        "lightningtalk-15min-10min-q-a": 1,
        "other": 1,
        "workshop-110min": 1,
    }
    assert Counter(p.category for p in presentations) == {
        "MON r3s Rhein VHS": 31,
        "BAM franconian": 14,
        "Ennepetal CWTV": 1,
        "HH ChaosTrawler": 1,
        "Muc - about_future": 1,
    }
    assert len({p.room for p in presentations}) == 5
    assert Counter(p.language for p in presentations) == {"en": 29, "de": 19}
    assert Counter(p.recorded for p in presentations) == {True: 45, False: 3}
    assert Counter(p.start.date().isoformat() for p in presentations) == {
        "2020-12-27": 12,
        "2020-12-28": 15,
        "2020-12-29": 14,
        "2020-12-30": 7,
    }


def test_frab_json_rc3_talk_with_two_speakers(rc3) -> None:
    talk = by_id(rc3)["15"]

    assert without_texts(talk) == PresentationRecord(
        source_id="15",
        title="Der faule Admin automatisiert: Gluon auf echter Hardware testen",
        kind="talk-30-min-10min-q-a",
        speakers=("Chris Fiege", "Kasa"),
        category="MON r3s Rhein VHS",
        room="r3s - Monheim/Rhein",
        start=datetime(2020, 12, 27, 11, 30, tzinfo=UTC_PLUS_1),
        end=datetime(2020, 12, 27, 12, 10, tzinfo=UTC_PLUS_1),
        url="https://pretalx.rc3.studio/rc3-channels-2020/talk/MJA8QY/",
        language="de",
        recorded=True,
    )
    assert talk.start.isoformat() == "2020-12-27T11:30:00+01:00"
    # Plain (Markdown) text keeps its lines; the Windows line ends go.
    assert (talk.description.count("\n"), talk.abstract.count("\n"), talk.abstract.count("\n\n")) == (4, 7, 1)
    assert "\r" not in talk.description + talk.abstract
    assert talk.description.startswith("Eine wichtige Komponente von Freifunk")


def test_frab_json_rc3_html_mixed_with_markdown_becomes_paragraphs(rc3) -> None:
    talk = by_id(rc3)["151"]

    assert (talk.title, talk.speakers, talk.kind) == (
        "ESP-ENA - Exposure Notification API on ESP32",
        ("Lurkars",),
        "talk-30-min-10min-q-a",
    )
    assert talk.description.startswith("English Version below\n\nIm Juni 2020")
    assert talk.abstract.startswith("English Version below\n\nEinführung\n\nZu Beginn")
    assert "<" not in talk.description + talk.abstract


def test_frab_json_rc3_do_not_record(rc3) -> None:
    not_recorded = sorted((p.source_id, p.title) for p in rc3.presentations if p.recorded is False)

    assert not_recorded == [
        ("108", '"But this politician said «xyz»!"'),
        ("110", "Climate Change and the Corona Pandemic"),
        ("8", "selbstmachradio"),
    ]


def test_frab_json_zone_name_is_used_when_given() -> None:
    schedule = frab_json.parse(schedule_json([make_event(1)], time_zone_name="Europe/Berlin"))

    assert schedule.timezone == "Europe/Berlin"
    assert schedule.presentations[0].start == datetime(2025, 3, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert schedule.presentations[0].end == datetime(2025, 3, 1, 10, 45, tzinfo=ZoneInfo("Europe/Berlin"))


def test_frab_json_older_shapes_of_persons_track_and_start() -> None:
    event = make_event(
        "7", date=None, start="01:15", track={"name": "Security"}, persons=[{"name": "Bo"}, "Cy", {"id": 3}]
    )

    talk = frab_json.parse(schedule_json([event], time_zone_name="Europe/Berlin")).presentations[0]

    assert (talk.speakers, talk.category) == (("Bo", "Cy"), "Security")
    # Before the day's 09:00 start: the night after.
    assert talk.start == datetime(2025, 3, 2, 1, 15, tzinfo=ZoneInfo("Europe/Berlin"))


def test_frab_json_bad_events_are_noted() -> None:
    events = [make_event(None), make_event(2, date="", start=""), make_event(3), make_event(3, title="Again")]

    schedule = frab_json.parse(schedule_json(events))

    assert [(p.source_id, p.start is None) for p in schedule.presentations] == [("2", True), ("3", False)]
    assert schedule.failures == [
        "event without id or title skipped (id '', title 'A talk')",
        "event 2 'A talk': no readable start time",
        "duplicate id 3: 'Again' skipped",
    ]


def test_frab_json_given_slug_wins() -> None:
    assert frab_json.parse(schedule_json([make_event(1)]), slug="mine").slug == "mine"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b'{"schedule": {"conference": {"acronym": "x", "days": [', "not valid JSON (truncated?)"),
        (b'{"schedule": "caf\xe9"}', "not UTF-8 text"),
        (b'{"conference": {}, "schedule": []}', "not a frab/pretalx schedule: no schedule.conference object"),
        (
            b'{"schedule": {"conference": {"acronym": "x"}}}',
            "not a frab/pretalx schedule: schedule.conference has",
        ),
        (schedule_json([]), "no readable events in the schedule"),
        (schedule_json([make_event(1)], acronym=""), "the schedule has no acronym: pass --slug"),
    ],
)
def test_frab_json_unreadable(data: bytes, reason: str) -> None:
    with pytest.raises(ScheduleUnreadable) as caught:
        frab_json.parse(data)

    assert str(caught.value).startswith(reason)
    assert "\n" not in str(caught.value)


def test_frab_json_truncated_rc3_is_unreadable(rc3_json) -> None:
    data = rc3_json

    with pytest.raises(ScheduleUnreadable, match=r"not valid JSON \(truncated\?\)"):
        frab_json.parse(data[: len(data) // 2])


def test_frab_json_rc3_persons_biographies_by_name(rc3) -> None:
    speakers = {name for presentation in rc3.presentations for name in presentation.speakers}

    assert len(rc3.speaker_bios) == 37
    assert set(rc3.speaker_bios) <= speakers
    assert [name for name, bio in rc3.speaker_bios.items() if not bio.strip()] == []
