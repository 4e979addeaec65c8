"""The feeds' writer (presentations/ics_writer.py) gives icalendar's own bytes: folding, lines, components."""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event
from icalendar.parser.string import _foldline

from presentations import ics_writer
from presentations.calendar import PlainText, PlainTextList
from presentations.vtimezone import vtimezone, vtimezone_ical

# ASCII, the two characters a fold must not leave at a line's end, and characters of two, three and four
# bytes in UTF-8.
ALPHABET = "abc XYZ,;:\\^" + "é" + "€—" + "𝄞🙂"


def library_fold(line: str) -> bytes:
    return _foldline(line).encode()


def test_fold_is_icalendar_fold_at_every_length_and_boundary():
    lines = ["", "x", "y" * 74, "y" * 75, "z" * 300]
    for filler in ("a", "é", "€", "🙂"):
        for special in ("\\", "^", "é", "€", "🙂", ","):
            for at in range(60, 160):
                lines.append(filler * at + special + "b" * 80)
                lines.append("q" * at + special * 3 + filler * 90)

    assert [ics_writer.fold(line) for line in lines] == [library_fold(line) for line in lines]


def test_fold_is_icalendar_fold_for_random_text():
    chooser = random.Random(5545)
    lines = ["".join(chooser.choices(ALPHABET, k=chooser.randrange(400))) for _ in range(3000)]

    assert [ics_writer.fold(line) for line in lines] == [library_fold(line) for line in lines]


def make_event(description: str) -> Event:
    tz = ZoneInfo("Europe/Brussels")
    event = Event()
    event.add("uid", "fosdem-2024-1@pyconguide")
    event.add("dtstamp", datetime(2024, 1, 2, 3, 4, 5, tzinfo=tz))
    event.add("sequence", 3)
    event.add("dtstart", datetime(2024, 2, 3, 9, 30, tzinfo=tz))
    event.add("dtend", datetime(2024, 2, 3, 10, 0, tzinfo=tz))
    event.add("summary", PlainText("Café, “crème” & s/\\n/\\\\N/g"))
    event.add("description", PlainText(description))
    event.add("categories", PlainTextList(["talk", "Rust; Go"]), encode=False)
    event.add("url", "https://example.test/talks/1/")
    event.add("status", "CONFIRMED")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(minutes=-10))
    alarm.add("description", PlainText("In 10 minutes in K.1.105 (La Fontaine): Café"))
    event.add_component(alarm)
    return event


def make_calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//PyCon Guide//Calendar feeds//EN")
    calendar.add("name", PlainText("FOSDEM 2024: Rust · Go"))
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    return calendar


def test_to_ical_is_component_to_ical():
    long_text = "Ünïcödé, long; text\\with backslashes^ and carets\n\nsecond paragraph " * 12
    event = make_event(long_text)
    calendar = make_calendar()
    calendar.add_component(vtimezone("Europe/Brussels", date(2023, 1, 1), date(2025, 1, 1)))
    calendar.add_component(event)

    assert ics_writer.to_ical(event) == event.to_ical()
    assert ics_writer.to_ical(calendar) == calendar.to_ical()


def test_wrapped_is_the_calendar_holding_its_parts():
    timezone = vtimezone("America/Los_Angeles", date(2015, 5, 1), date(2017, 6, 1))
    events = [make_event("One"), make_event("Two " * 40)]
    calendar = make_calendar()
    for component in (timezone, *events):
        calendar.add_component(component)

    written = ics_writer.wrapped(make_calendar(), [ics_writer.to_ical(part) for part in (timezone, *events)])

    assert written == calendar.to_ical()


def test_vtimezone_ical_is_the_component_written():
    args = ("America/Los_Angeles", date(2015, 5, 28), date(2017, 6, 6))

    assert vtimezone_ical(*args) == vtimezone(*args).to_ical()
    assert (
        vtimezone_ical("UTC", date(1969, 1, 1), date(1971, 1, 1))
        == vtimezone("UTC", date(1969, 1, 1), date(1971, 1, 1)).to_ical()
    )
