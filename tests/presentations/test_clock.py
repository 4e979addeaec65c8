from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from presentations.clock import conference_is_on, now_and_next, zone_label
from presentations.models import Conference, Presentation

TZ = ZoneInfo("America/Los_Angeles")


def at(hour: int, minute: int = 0, day: int = 30) -> datetime:
    return datetime(2016, 5, day, hour, minute, tzinfo=TZ)


def talk(title: str, start: datetime, minutes: int = 30, **fields) -> Presentation:
    return Presentation(title=title, kind="talk", start=start, end=start + timedelta(minutes=minutes), **fields)


SCHEDULE = [
    talk("Keynote", at(9, 30), 40),
    talk("Machete", at(10, 50)),
    talk("Coroutines", at(10, 50), 45),
    talk("Security", at(11, 30)),
    talk("Packaging", at(11, 30)),
    talk("Gone", at(11, 30), status=Presentation.Status.CANCELLED),
    Presentation(title="Poster", kind="poster"),
]


def titles(presentations) -> list[str]:
    return [p.title for p in presentations]


def test_now_and_next_during_a_talk():
    happening = now_and_next(SCHEDULE, at(11, 25))

    assert (titles(happening.now), titles(happening.next), happening.next_start) == (
        ["Coroutines"],
        ["Security", "Packaging"],
        at(11, 30),
    )


def test_now_and_next_between_slots():
    happening = now_and_next(SCHEDULE, at(10, 20))

    assert (titles(happening.now), titles(happening.next)) == ([], ["Machete", "Coroutines"])


def test_now_and_next_at_the_exact_start_counts_as_now():
    happening = now_and_next(SCHEDULE, at(10, 50))

    assert (titles(happening.now), titles(happening.next)) == (["Machete", "Coroutines"], ["Security", "Packaging"])


def test_now_and_next_after_the_last_talk():
    happening = now_and_next(SCHEDULE, at(18))

    assert (happening.now, happening.next, happening.next_start) == ([], [], None)


def test_conference_is_on_by_its_own_calendar():
    conference = Conference(timezone="America/Los_Angeles", start_date=date(2016, 5, 28), end_date=date(2016, 6, 1))

    # 23:30 in Portland on June 1 is already June 2 in UTC; 00:30 on May 28 is still May 27 in UTC.
    assert [
        conference_is_on(conference, moment)
        for moment in (at(23, 30, day=31) + timedelta(days=1), at(0, 30, day=28), at(23, 0, day=27))
    ] == [True, True, False]


def test_conference_without_dates_is_never_on():
    assert conference_is_on(Conference(timezone="UTC"), at(10)) is False


def test_zone_label_names_zone_and_abbreviation():
    conference = Conference(timezone="America/Los_Angeles", start_date=date(2016, 5, 28))

    assert (zone_label(conference), zone_label(conference, datetime(2016, 12, 1, tzinfo=TZ))) == (
        "America/Los_Angeles (PDT)",
        "America/Los_Angeles (PST)",
    )
