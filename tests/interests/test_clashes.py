from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from interests.clashes import find_clashes
from presentations.models import Presentation

TZ = ZoneInfo("America/Los_Angeles")


def at(pk: int, hour: int, minute: int, minutes: int = 30, status: str = "scheduled") -> Presentation:
    start = datetime(2016, 5, 30, hour, minute, tzinfo=TZ)
    return Presentation(pk=pk, title=f"Talk {pk}", start=start, end=start + timedelta(minutes=minutes), status=status)


def test_find_clashes_pairs_overlapping_talks():
    first, overlapping, later = at(1, 10, 50), at(2, 11, 0), at(3, 13, 40)

    clashes = find_clashes([later, overlapping, first])

    assert clashes == {1: [overlapping], 2: [first]}


def test_find_clashes_touching_ends_are_not_a_clash():
    clashes = find_clashes([at(1, 10, 50), at(2, 11, 20)])

    assert clashes == {}


def test_find_clashes_long_tutorial_clashes_with_each_talk_inside_it():
    tutorial, a, b = at(1, 9, 0, minutes=180), at(2, 10, 0), at(3, 11, 0)

    clashes = find_clashes([tutorial, a, b])

    assert clashes == {1: [a, b], 2: [tutorial], 3: [tutorial]}


def test_find_clashes_ignores_cancelled_and_untimed():
    untimed = Presentation(pk=3, title="Poster", start=None, end=None)

    clashes = find_clashes([at(1, 10, 50), at(2, 10, 50, status="cancelled"), untimed])

    assert clashes == {}
