"""Change rows as sentences: the change history's lines, the live notice, and the "Moved" badge's rule."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from presentations.models import Presentation, ScheduleChange
from presentations.sentences import describe, notice_of

TZ = ZoneInfo("America/Los_Angeles")


@pytest.fixture(autouse=True)
def in_the_conference_zone():
    """The page's zone, as `conference_view` activates it."""
    with timezone.override(TZ):
        yield


def at(hour: int, minute: int = 0, day: int = 30) -> str:
    return datetime(2016, 5, day, hour, minute, tzinfo=TZ).isoformat()


def test_describe_each_kind_of_change():
    assert describe({"start": (at(10, 50), at(14, 35)), "end": (at(11, 20), at(15, 5))}) == [
        "Moved from Mon 10:50 AM to Mon 2:35 PM"
    ]
    assert describe({"end": (at(11, 20), at(11, 50))}) == ["Now ends at 11:50 AM (was 11:20 AM)"]
    assert describe({"start": (None, at(9))}) == ["Scheduled for Mon 9:00 AM"]
    assert describe({"start": (at(9), None)}) == ["No longer has a time (was Mon 9:00 AM)"]
    assert describe({"room": ("", "Hall A")}) == ["Room: none → Hall A"]
    assert describe({"status": ("cancelled", "scheduled")}) == ["Back on the schedule"]
    assert describe({"title": ("Old", "New"), "speakers": ([], ["Ada"]), "status": ("scheduled", "cancelled")}) == [
        "Cancelled",
        "Title changed (was “Old”)",
        "Speakers changed",
    ]


def test_describe_times_in_the_conference_zone_whatever_zone_was_stored():
    utc = datetime(2016, 5, 30, 17, 50, tzinfo=ZoneInfo("UTC")).isoformat()

    assert describe({"start": (utc, at(14, 35, day=31))}) == ["Moved from Mon 10:50 AM to Tue 2:35 PM"]


@pytest.mark.parametrize(
    ("changed", "status", "notice"),
    [
        (["start", "end"], "scheduled", "“Machete-mode debugging” moved to Hall B, Mon 2:35 PM PDT."),
        (["room"], "scheduled", "“Machete-mode debugging” moved to Hall B, Mon 2:35 PM PDT."),
        (["status"], "cancelled", "“Machete-mode debugging” was cancelled."),
        (["status"], "scheduled", "“Machete-mode debugging” is back on the schedule: Hall B, Mon 2:35 PM PDT."),
        (["title"], "scheduled", "A talk in your calendar has a new title: “Machete-mode debugging”."),
        ([], "scheduled", "“Machete-mode debugging” changed."),
    ],
)
def test_notice_names_the_change(make_presentation, changed, status, notice):
    talk = make_presentation(
        title="Machete-mode debugging", room="Hall B", start=datetime(2016, 5, 30, 14, 35, tzinfo=TZ), status=status
    )

    assert notice_of(talk, changed) == notice


def test_notice_shortens_long_titles(make_presentation):
    talk = make_presentation(title="A" * 80, room="", start=None)

    assert notice_of(talk, ["room"]) == f"“{'A' * 59}…” moved to no set time or room."


def moved(talk) -> bool:
    return Presentation.objects.with_original_place().get(pk=talk.pk).is_moved


def change(talk, field, old, new, minute):
    ScheduleChange.objects.create(
        presentation=talk, field=field, old=old, new=new, at=datetime(2016, 5, 1, 8, minute, tzinfo=TZ)
    )


def test_moved_when_time_or_room_differs_from_first_published(make_presentation):
    talk = make_presentation(room="Hall B", start=datetime(2016, 5, 30, 14, 35, tzinfo=TZ))
    never = make_presentation()
    back = make_presentation(room="Hall A")
    gained = make_presentation(room="Hall A")
    change(talk, "start", at(10, 50), at(14, 35), 1)
    change(back, "room", "Hall A", "Hall B", 1)
    change(back, "room", "Hall B", "Hall A", 2)
    change(gained, "room", "", "Hall A", 1)

    assert [moved(p) for p in (talk, never, back, gained)] == [True, False, False, False]
    assert Presentation.objects.get(pk=talk.pk).is_moved is False  # not annotated: no claim
