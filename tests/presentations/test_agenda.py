"""The list's days, times and, on a big list, folded hours (presentations/agenda.py)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.utils import timezone

from presentations import views
from presentations.agenda import agenda_of, fold_hours
from presentations.models import Presentation

TZ = ZoneInfo("Europe/Brussels")


@pytest.fixture(autouse=True)
def in_the_conference_zone():
    """The page's zone, as `conference_view` activates it."""
    with timezone.override(TZ):
        yield


def at(hour: int, minute: int = 0, day: int = 3) -> datetime:
    return datetime(2024, 2, day, hour, minute, tzinfo=TZ)


def talk(title: str, start: datetime) -> Presentation:
    return Presentation(title=title, kind="talk", start=start, end=start + timedelta(minutes=25))


SCHEDULE = [talk("Welcome", at(9, 30)), talk("Rust", at(10)), talk("Go", at(10, 30)), talk("Sunday", at(9, day=4))]


def hours_of(agenda) -> list[tuple[str, list[str], bool]]:
    return [
        (hour.anchor, [slot.anchor for slot in hour.slots], hour.is_open) for day in agenda.days for hour in day.hours
    ]


def test_hours_group_a_days_slots_by_clock_hour_all_open_unless_folded():
    agenda = agenda_of(SCHEDULE)

    assert (hours_of(agenda), agenda.folded) == (
        [
            ("hour-2024-02-03-09", ["at-2024-02-03-0930"], True),
            ("hour-2024-02-03-10", ["at-2024-02-03-1000", "at-2024-02-03-1030"], True),
            ("hour-2024-02-04-09", ["at-2024-02-04-0900"], True),
        ],
        False,
    )
    assert [hour.size for day in agenda.days for hour in day.hours] == [1, 2, 1]


@pytest.mark.parametrize(
    ("moment", "opened"),
    [
        (at(8), "hour-2024-02-03-09"),  # before: the first
        (at(10, 40), "hour-2024-02-03-10"),  # the hour under way
        (at(11, 5), "hour-2024-02-04-09"),  # between: the next
        (at(12, day=5), "hour-2024-02-03-09"),  # after: the first
    ],
)
def test_folding_leaves_open_the_hour_under_way_else_the_next_else_the_first(moment, opened):
    agenda = agenda_of(SCHEDULE)

    fold_hours(agenda, moment, at_least=1)

    assert agenda.folded
    assert [anchor for anchor, _slots, is_open in hours_of(agenda) if is_open] == [opened]


def test_folding_opens_the_hours_after_until_enough_presentations_show():
    agenda = agenda_of(SCHEDULE)

    fold_hours(agenda, at(8), at_least=3)

    assert [is_open for _anchor, _slots, is_open in hours_of(agenda)] == [True, True, False]


@pytest.mark.django_db
def test_a_big_list_folds_its_hours_with_links_to_each(client, make_conference, make_presentation, monkeypatch):
    monkeypatch.setattr(views, "FOLD_HOURS_ABOVE", 2)
    monkeypatch.setattr(views, "OPEN_AT_LEAST", 1)
    conference = make_conference(timezone="Europe/Brussels")
    talks = [make_presentation(conference, title=p.title, start=p.start, end=p.end) for p in SCHEDULE]

    document = lxml.html.fromstring(client.get(f"/{conference.slug}/").content)

    hours = document.cssselect("details.hour")
    assert [(hour.get("id"), hour.get("open") is not None) for hour in hours] == [
        ("hour-2024-02-03-09", True),
        ("hour-2024-02-03-10", False),
        ("hour-2024-02-04-09", False),
    ]
    assert [" ".join(hour.cssselect("summary")[0].text_content().split()) for hour in hours] == [
        "9:00 AM to 10:00 AM · 1 presentation",
        "10:00 AM to 11:00 AM · 2 presentations",
        "9:00 AM to 10:00 AM · 1 presentation",
    ]
    # Every card is in the page, in its hour; each day's hours are links to their first time.
    assert [card.get("id") for card in hours[1].cssselect("article.card")] == [f"p-{talks[1].pk}", f"p-{talks[2].pk}"]
    jumps = document.cssselect("nav.hour-jump")
    assert [[(a.text, a.get("href")) for a in nav.cssselect("a")] for nav in jumps] == [
        [("9 AM", "#at-2024-02-03-0930"), ("10 AM", "#at-2024-02-03-1000")],
        [("9 AM", "#at-2024-02-04-0900")],
    ]


@pytest.mark.django_db
def test_a_list_of_fewer_cards_is_not_folded(client, make_conference, make_presentation):
    conference = make_conference(timezone="Europe/Brussels")
    for p in SCHEDULE:
        make_presentation(conference, title=p.title, start=p.start, end=p.end)

    document = lxml.html.fromstring(client.get(f"/{conference.slug}/").content)

    assert (len(document.cssselect("details.hour, nav.hour-jump")), len(document.cssselect("article.card"))) == (0, 4)
