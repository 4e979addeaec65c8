from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from presentations.grid import grid_of, room_parts
from presentations.models import Presentation

TZ = ZoneInfo("America/Los_Angeles")
DAY = date(2016, 5, 30)


@pytest.fixture(autouse=True)
def in_the_conference_zone():
    """The page's zone, as `conference_view` activates it."""
    with timezone.override(TZ):
        yield


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2016, 5, 30, hour, minute, tzinfo=TZ)


def presentation(pk: int, title: str, start: datetime, minutes: int, *, room: str = "", kind: str = "talk"):
    # Unsaved: the grid is arithmetic over whatever the page loaded.
    return Presentation(pk=pk, title=title, kind=kind, room=room, start=start, end=start + timedelta(minutes=minutes))


def placements(grid) -> list[tuple]:
    return [(b.presentation.title, b.row, b.row_span, b.column, b.column_span, b.across) for b in grid.blocks]


def test_grid_places_talks_by_room_and_time():
    grid = grid_of(
        [
            presentation(1, "Keynote", at(9, 30), 40, kind="plenary"),
            presentation(2, "Machete", at(10, 50), 30, room="Ballroom 201"),
            presentation(3, "Coroutines", at(10, 50), 45, room="Ballroom 203"),
            presentation(4, "Security", at(11, 30), 30, room="Ballroom 201"),
        ],
        DAY,
    )

    assert grid.rooms == ("Ballroom 201", "Ballroom 203")
    # Row 1 is the room names; the day starts at 9:30 on row 2; one row per five minutes.
    assert placements(grid) == [
        ("Keynote", 2, 8, 2, 2, True),
        ("Machete", 18, 6, 2, 1, False),
        ("Coroutines", 18, 9, 3, 1, False),
        ("Security", 26, 6, 2, 1, False),
    ]
    assert grid.rows == 30  # 9:30 to 12:00
    assert [(mark.at.time().isoformat(), mark.row) for mark in grid.times] == [
        ("09:30:00", 2),
        ("10:50:00", 18),
        ("11:30:00", 26),
    ]


def test_grid_block_lines_are_classes_of_the_grid_stylesheet():
    grid = grid_of(
        [presentation(1, "Machete", at(10, 50), 45, room="A"), presentation(2, "Short", at(11, 35), 10, room="A")],
        DAY,
    )

    assert [block.lines for block in grid.blocks] == ["gr-2 grs-9 gc-2 gcs-1", "gr-11 grs-2 gc-2 gcs-1 rows-2"]


def test_grid_lines_stylesheet_is_current():
    from pathlib import Path

    from presentations.grid import grid_lines_css

    written = (Path(__file__).resolve().parents[2] / "static" / "css" / "grid-lines.css").read_text()
    # When this fails: .venv/bin/python -c "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] =
    # 'pyconguide.settings'; django.setup(); from presentations.grid import grid_lines_css;
    # open('static/css/grid-lines.css', 'w').write(grid_lines_css())"
    assert written == grid_lines_css()


def test_grid_keynote_in_a_room_sits_in_that_room_once():
    # FOSDEM: keynotes are in Janson, one room among many; they are not copied into every free room.
    grid = grid_of(
        [
            presentation(1, "Welcome", at(9, 30), 25, room="Janson", kind="keynote"),
            presentation(2, "Talk", at(10), 30, room="Janson", kind="maintrack"),
            presentation(3, "Devroom", at(10), 30, room="K.1.105", kind="devroom"),
            presentation(4, "Devroom 2", at(10), 30, room="H.1302", kind="devroom"),
        ],
        DAY,
    )

    assert [p for p in placements(grid) if p[0] == "Welcome"] == [("Welcome", 2, 5, 2, 1, False)]


def test_grid_break_without_room_is_drawn_once_over_the_widest_free_run():
    rooms = ["R1", "R2", "R3", "R4", "R5"]
    grid = grid_of(
        [
            *[presentation(n, f"T{n}", at(9), 60, room=room) for n, room in enumerate(rooms, start=1)],
            presentation(10, "Busy", at(10), 60, room="R2"),
            presentation(11, "Break", at(10), 30, kind="break"),
        ],
        DAY,
    )

    # R1 free, R2 busy, R3-R5 free: once, over R3-R5.
    assert [p for p in placements(grid) if p[0] == "Break"] == [("Break", 14, 6, 4, 3, True)]


def test_grid_one_room():
    grid = grid_of(
        [
            presentation(1, "Keynote", at(9), 30, kind="plenary"),
            presentation(2, "In A", at(10), 30, room="A"),
            presentation(3, "In B", at(10), 30, room="B"),
        ],
        DAY,
        only_room="B",
    )

    assert (grid.rooms, placements(grid)) == (("B",), [("Keynote", 2, 6, 2, 1, True), ("In B", 14, 6, 2, 1, False)])


def test_grid_rooms_in_order_of_first_appearance():
    grid = grid_of(
        [
            presentation(1, "x", at(10), 30, room="Zeta"),
            presentation(2, "y", at(10), 30, room="Alpha"),
            presentation(3, "z", at(11), 30, room="Mid"),
            presentation(4, "w", at(11), 30, room="Alpha"),
        ],
        DAY,
    )

    assert grid.rooms == ("Zeta", "Alpha", "Mid")


def test_grid_break_without_room_fills_only_free_rooms():
    # 2016's tutorial days: a break at 10:30 while tutorials run 9:00-12:20 in the other rooms.
    grid = grid_of(
        [
            presentation(1, "Tutorial", at(9), 200, room="B110", kind="tutorial"),
            presentation(2, "Workshop", at(9), 90, room="A107", kind="sponsor-tutorial"),
            presentation(3, "Tutorial 2", at(9), 200, room="B112", kind="tutorial"),
            presentation(4, "Break", at(10, 30), 30, kind="break"),
        ],
        DAY,
    )

    assert placements(grid)[-1] == ("Break", 20, 6, 3, 1, True)


def test_grid_shared_room_break_sits_in_each_named_room():
    # 2016's staggered lunches: "Lunch" in rooms 1 and 3 at 12:40, in room 2 at 12:55.
    rooms = ["Room 1", "Room 2", "Room 3"]
    talks = [presentation(n + 1, f"Talk {n}", at(12), 30, room=room) for n, room in enumerate(rooms)]
    grid = grid_of(
        [
            *talks,
            presentation(4, "Lunch", at(12, 40), 60, room="Room 1, Room 3", kind="lunch"),
            presentation(5, "Lunch", at(12, 55), 60, room="Room 2", kind="lunch"),
        ],
        DAY,
    )

    assert grid.rooms == ("Room 1", "Room 2", "Room 3")
    assert [p for p in placements(grid) if p[0] == "Lunch"] == [
        ("Lunch", 10, 12, 2, 1, True),
        ("Lunch", 10, 12, 4, 1, True),
        ("Lunch", 13, 12, 3, 1, False),
    ]
    # Rooms 1 and 3 are not side by side: drawn in room 1, echoed (no link, hidden to readers) in room 3.
    assert [b.echo for b in grid.blocks if b.presentation.pk == 4] == [False, True]


def test_grid_plenary_over_busy_rooms_still_spans_all():
    grid = grid_of(
        [
            presentation(1, "Tutorial", at(9), 200, room="B110", kind="tutorial"),
            presentation(2, "Lightning talks", at(10), 60, room="Hall", kind="plenary"),
        ],
        DAY,
    )

    assert (grid.rooms, placements(grid)[-1]) == (("B110",), ("Lightning talks", 14, 12, 2, 1, True))


def test_grid_now_line_inside_the_day_only():
    talks = [presentation(1, "Machete", at(10, 50), 30, room="A")]

    assert grid_of(talks, DAY, now=at(11, 7)).now_row == 5
    assert grid_of(talks, DAY, now=at(12)).now_row is None


def test_grid_ignores_other_days_and_untimed():
    other_day = presentation(1, "Tomorrow", at(10) + timedelta(days=1), 30, room="A")
    poster = Presentation(pk=2, title="Poster", kind="poster")

    grid = grid_of([other_day, poster], DAY)

    assert (grid.rooms, grid.blocks, grid.rows) == ((), (), 0)


def test_room_parts_splits_shared_rooms():
    assert room_parts("Oregon Ballroom 201–202, Portland Ballroom 251 & 258") == [
        "Oregon Ballroom 201–202",
        "Portland Ballroom 251 & 258",
    ]


def test_grid_rooms_follow_the_sources_declared_order_then_first_appearance():
    talks = [
        presentation(1, "One", at(10), 30, room="Room C"),
        presentation(2, "Two", at(10), 30, room="Room A"),
        presentation(3, "Three", at(10), 30, room="Annex"),
    ]

    grid = grid_of(talks, DAY, room_order=["Room A", "Room B", "Room C"])

    assert grid.rooms == ("Room A", "Room C", "Annex")
