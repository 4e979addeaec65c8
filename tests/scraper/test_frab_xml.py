"""frab/pentabarf XML: FOSDEM 2024's real export, and small hand-written schedules for the edge cases."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scraper import frab_xml
from scraper.records import PresentationRecord, ScheduleRecord, ScheduleUnreadable

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture(scope="module")
def fosdem_xml(shared_data) -> bytes:
    return (shared_data / "frab-xml" / "fosdem-2024-schedule.xml").read_bytes()


@pytest.fixture(scope="module")
def fosdem(fosdem_xml) -> ScheduleRecord:
    return frab_xml.parse(fosdem_xml, source_url="https://fosdem.org/2024/schedule/xml")


def by_id(schedule: ScheduleRecord) -> dict[str, PresentationRecord]:
    return {presentation.source_id: presentation for presentation in schedule.presentations}


def without_texts(presentation: PresentationRecord) -> PresentationRecord:
    # The talk texts are the speakers' own: tests check their shape, not a copy of them.
    return dataclasses.replace(presentation, description="", abstract="")


def schedule_xml(events: str, *, conference: str = "", day_start: str = "09:00") -> bytes:
    conference = conference or (
        "<acronym>democon-2025</acronym><title>DemoCon 2025</title>"
        "<start>2025-03-01</start><end>2025-03-01</end><time_zone_name>Europe/Berlin</time_zone_name>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><schedule><version>1</version>'
        f"<conference>{conference}</conference>"
        f'<day index="1" date="2025-03-01" start="2025-03-01T{day_start}:00+01:00" end="2025-03-02T03:00:00+01:00">'
        f'<room name="Hall 1">{events}</room></day></schedule>'
    ).encode()


def test_frab_xml_fosdem_conference(fosdem) -> None:
    schedule = fosdem

    assert (schedule.slug, schedule.name, schedule.timezone) == (
        "fosdem-2024",
        "FOSDEM 2024",
        "Europe/Brussels",
    )
    assert (schedule.start, schedule.end) == (date(2024, 2, 3), date(2024, 2, 4))
    assert schedule.source_url == "https://fosdem.org/2024/schedule/xml"
    assert schedule.failures == []


def test_frab_xml_fosdem_counts(fosdem) -> None:
    presentations = fosdem.presentations

    assert len(presentations) == 876
    assert len({p.source_id for p in presentations}) == 876
    assert Counter(p.kind for p in presentations) == {
        "devroom": 779,
        "lightningtalk": 38,
        "maintrack": 35,
        "bof": 11,
        "junior": 9,
        "keynote": 4,
    }
    # 65 tracks hold events (the export declares 67; "BOF - Track A" and "B" stay empty).
    assert len({p.category for p in presentations}) == 65
    # 35 rooms are declared per day, 6 of them empty all weekend: events use 29.
    assert len({p.room for p in presentations}) == 29
    assert Counter(p.start.date() for p in presentations) == {date(2024, 2, 3): 433, date(2024, 2, 4): 443}
    assert Counter(len(p.speakers) for p in presentations)[0] == 6


def test_frab_xml_fosdem_keynote_with_two_speakers(fosdem) -> None:
    welcome = by_id(fosdem)["3023"]

    assert welcome == PresentationRecord(
        source_id="3023",
        title="Welcome to FOSDEM 2024",
        kind="keynote",
        speakers=("FOSDEM Staff", 'Richard "RichiH" Hartmann'),
        category="Keynotes",
        room="Janson",
        start=datetime(2024, 2, 3, 9, 30, tzinfo=BRUSSELS),
        end=datetime(2024, 2, 3, 9, 55, tzinfo=BRUSSELS),
        description="FOSDEM welcome and opening talk.",
        url="https://fosdem.org/2024/schedule/event/fosdem-2024-3023-welcome-to-fosdem-2024/",
        language="en",
    )
    assert welcome.start.isoformat() == "2024-02-03T09:30:00+01:00"


def test_frab_xml_fosdem_devroom_talk_html_abstract_becomes_paragraphs(fosdem) -> None:
    talk = by_id(fosdem)["2320"]

    assert without_texts(talk) == PresentationRecord(
        source_id="2320",
        title="Taming Abstraction",
        kind="devroom",
        speakers=("Richard Smedley",),
        category="Tool the docs devroom",
        room="K.4.601",
        start=datetime(2024, 2, 3, 15, 45, tzinfo=BRUSSELS),
        end=datetime(2024, 2, 3, 16, 10, tzinfo=BRUSSELS),
        url="https://fosdem.org/2024/schedule/event/fosdem-2024-2320-taming-abstraction/",
        language="en",
    )
    # Three <p> in the source, one "&amp;amp;" in it: plain paragraphs, the entity unescaped once.
    assert talk.description.count("\n\n") == 2
    assert "<p>" not in talk.description and "&amp;" not in talk.description
    assert "your chosen tool & methodology?" in talk.description
    assert talk.abstract == ""


def test_frab_xml_fosdem_event_without_speakers_and_last_event(fosdem) -> None:
    presentations = by_id(fosdem)
    last = max(fosdem.presentations, key=lambda p: p.end)

    assert presentations["3746"].speakers == ()
    assert presentations["3746"].end - presentations["3746"].start == timedelta(minutes=5)
    assert (last.source_id, last.end.isoformat()) == ("3723", "2024-02-04T17:50:00+01:00")


def test_frab_xml_given_slug_wins() -> None:
    schedule = frab_xml.parse(schedule_xml(event_xml("1")), slug="my-con")

    assert schedule.slug == "my-con"


def event_xml(
    event_id: str,
    *,
    title: str = "A talk",
    when: str = "<date>2025-03-01T10:00:00+01:00</date>",
    extra: str = "",
) -> str:
    return (
        f'<event id="{event_id}" guid="g-{event_id}">{when}<duration>00:30</duration><room>Hall 1</room>'
        f"<title>{title}</title><type>Lecture</type>{extra}<persons><person id='7'>Ada</person></persons></event>"
    )


def test_frab_xml_event_with_day_and_start_only_after_midnight() -> None:
    data = schedule_xml(event_xml("1", when="<start>01:30</start>") + event_xml("2", when="<start>10:00</start>"))

    presentations = by_id(frab_xml.parse(data))

    berlin = ZoneInfo("Europe/Berlin")
    assert presentations["1"].start == datetime(2025, 3, 2, 1, 30, tzinfo=berlin)
    assert presentations["2"].start == datetime(2025, 3, 1, 10, 0, tzinfo=berlin)
    assert presentations["2"].end == datetime(2025, 3, 1, 10, 30, tzinfo=berlin)
    assert presentations["2"].kind == "lecture"


def test_frab_xml_event_without_time_is_kept_blank_and_noted() -> None:
    data = schedule_xml(event_xml("1", when="") + event_xml("2"))

    schedule = frab_xml.parse(data)

    berlin = ZoneInfo("Europe/Berlin")
    assert [(p.source_id, p.start, p.end) for p in schedule.presentations] == [
        ("1", None, None),
        ("2", datetime(2025, 3, 1, 10, 0, tzinfo=berlin), datetime(2025, 3, 1, 10, 30, tzinfo=berlin)),
    ]
    assert schedule.failures == ["event 1 'A talk': no readable start time"]


def test_frab_xml_event_without_id_or_title_is_skipped_and_noted() -> None:
    data = schedule_xml(event_xml("") + event_xml("2", title="") + event_xml("3"))

    schedule = frab_xml.parse(data)

    assert [p.source_id for p in schedule.presentations] == ["3"]
    assert schedule.failures == [
        "event without id or title skipped (id '', title 'A talk')",
        "event without id or title skipped (id '2', title '')",
    ]


def test_frab_xml_duplicate_id_keeps_the_first() -> None:
    data = schedule_xml(event_xml("1", title="First") + event_xml("1", title="Second"))

    schedule = frab_xml.parse(data)

    assert [p.title for p in schedule.presentations] == ["First"]
    assert schedule.failures == ["duplicate id 1: 'Second' skipped"]


def test_frab_xml_subtitle_and_recording_optout_are_kept() -> None:
    extra = (
        "<subtitle>Part two</subtitle><abstract>Short.</abstract><language>de</language>"
        "<recording><license/><optout>true</optout></recording>"
    )
    data = schedule_xml(event_xml("1", extra=extra))

    talk = frab_xml.parse(data).presentations[0]

    assert (talk.description, talk.language, talk.recorded) == ("Part two\n\nShort.", "de", False)


def test_frab_xml_zone_from_offsets_without_zone_name() -> None:
    conference = "<acronym>old</acronym><title>Old</title><start>2025-03-01</start><end>2025-03-01</end>"
    data = schedule_xml(event_xml("1"), conference=conference)

    schedule = frab_xml.parse(data)

    assert schedule.timezone == "Etc/GMT-1"
    assert schedule.presentations[0].start.isoformat() == "2025-03-01T10:00:00+01:00"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"<schedule><conference><acronym>x", "not well-formed XML (truncated?)"),
        (b"<html><body><p>Not found</p></body></html>", "not a frab schedule: the document holds <html>"),
        (b"<schedule><version>1</version></schedule>", "not a frab schedule: no <conference> element"),
        (schedule_xml(""), "no readable events in the schedule"),
        (
            schedule_xml(event_xml("1"), conference="<title>No acronym</title>"),
            "the schedule has no <acronym>",
        ),
    ],
)
def test_frab_xml_unreadable(data: bytes, reason: str) -> None:
    with pytest.raises(ScheduleUnreadable) as caught:
        frab_xml.parse(data)

    assert str(caught.value).startswith(reason)
    assert "\n" not in str(caught.value)


def test_frab_xml_truncated_fosdem_is_unreadable(fosdem_xml) -> None:
    data = fosdem_xml

    with pytest.raises(ScheduleUnreadable, match="not well-formed XML"):
        frab_xml.parse(data[: len(data) // 2])


def test_frab_xml_external_entities_are_not_read() -> None:
    events = event_xml("1", title="&secret;") + event_xml("2")
    body = schedule_xml(events).split(b"?>", 1)[1]
    data = b'<!DOCTYPE schedule [<!ENTITY secret SYSTEM "file:///etc/hostname">]>' + body

    schedule = frab_xml.parse(data)

    assert [p.source_id for p in schedule.presentations] == ["2"]
    assert schedule.failures == ["event without id or title skipped (id '1', title '')"]


def test_frab_xml_fosdem_declares_35_rooms_in_its_own_order(fosdem_xml) -> None:
    schedule = frab_xml.parse(fosdem_xml)

    used = {p.room for p in schedule.presentations}
    assert len(schedule.rooms) == 35
    assert schedule.rooms[:4] == ["Janson", "J.1.106", "K.1.105 (La Fontaine)", "K.3.201"]
    assert [room for room in schedule.rooms if room not in used] == [
        "H.2111",
        "H.3242",
        "H.3244",
        "UB4.136",
        "UB4.228",
        "UD2.110",
    ]
