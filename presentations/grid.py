"""One day of the schedule as a grid: rooms as columns, time down the side, one row per five minutes.

Placement is plain arithmetic on CSS grid lines, so the page needs no JavaScript to lay itself out:
row 1 holds the room names, column 1 the times; a presentation starting at the day's first start
time and lasting 30 minutes takes rows 2 to 8. Lines are classes (`gr-2 grs-7 gc-2 gcs-1`, from
static/css/grid-lines.css, which `grid_lines_css()` writes), not style attributes, so a strict
Content-Security-Policy needs no 'unsafe-inline'.

Each presentation is drawn once: in the rooms it names when they are columns (a keynote in Janson is in
Janson's column), else across the widest run of rooms free at the time. A presentation in rooms that are
not side by side is drawn in the first run and echoed, without a link, in the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from presentations.models import Presentation

STEP = timedelta(minutes=5)
HEADER_ROWS = 1
TIME_COLUMNS = 1
# Kinds that concern the whole venue: they make no room column of their own, and with no room (or a room
# that is not a column) they go across every room column free at the time. Plenaries always do.
VENUE_WIDE_KINDS = frozenset({"plenary", "keynote", "break", "lunch", "breakfast", "meal", "informational"})
# A presentation with a start but no end still needs a size.
DEFAULT_LENGTH = timedelta(minutes=30)
# What static/css/grid-lines.css covers: a whole day of five-minute rows, and rooms enough for FOSDEM.
MAX_ROWS = 24 * 12 + 2
MAX_COLUMNS = 64
# Items this many rows tall or less clamp their title to whole lines instead of cutting one in half.
SHORT_ROWS = 6


@dataclass(frozen=True)
class Block:
    """One presentation's rectangle; a presentation in rooms that are not side by side has several."""

    presentation: Presentation
    row: int
    row_span: int
    column: int
    column_span: int
    across: bool  # across several rooms (plenaries, breaks)
    echo: bool = False  # a further run of rooms of a presentation drawn elsewhere: no link, hidden to readers

    @property
    def placement(self) -> str:
        """Classes that put the block on its grid lines (static/css/grid-lines.css)."""
        return place(self.row, self.row_span, self.column, self.column_span)

    @property
    def lines(self) -> str:
        """The placement classes, and for a short item how many rows it has (whole-line titles)."""
        short = f" rows-{self.row_span}" if self.row_span <= SHORT_ROWS else ""
        return self.placement + short


def place(row: int, row_span: int, column: int, column_span: int) -> str:
    """Placement by class, never by style="" attribute, so the Content-Security-Policy can refuse inline
    styles; clamped to the lines static/css/grid-lines.css has classes for."""
    row = min(row, MAX_ROWS)
    column = min(column, MAX_COLUMNS)
    row_span = max(1, min(row_span, MAX_ROWS + 1 - row))
    column_span = max(1, min(column_span, MAX_COLUMNS + 1 - column))
    return f"gr-{row} grs-{row_span} gc-{column} gcs-{column_span}"


@dataclass(frozen=True)
class TimeMark:
    at: datetime
    row: int


@dataclass(frozen=True)
class Grid:
    day: date
    rooms: tuple[str, ...]
    blocks: tuple[Block, ...]
    times: tuple[TimeMark, ...]
    rows: int  # time rows, not counting the header
    now_row: int | None = None

    @property
    def columns(self) -> int:
        return len(self.rooms)

    @property
    def corner(self) -> str:
        return place(1, 1, 1, 1)

    @property
    def headings(self) -> list[tuple[str, str]]:
        """(room, placement) for each room's name in the first row."""
        return [(room, place(1, 1, TIME_COLUMNS + 1 + index, 1)) for index, room in enumerate(self.rooms)]

    @property
    def marks(self) -> list[tuple[TimeMark, str, str]]:
        """(mark, placement of its line across the grid, placement of its time in the first column)."""
        width = TIME_COLUMNS + self.columns
        return [(mark, place(mark.row, 1, 1, width), place(mark.row, 1, 1, 1)) for mark in self.times]

    @property
    def now_placement(self) -> str:
        return place(self.now_row, 1, 1, TIME_COLUMNS + self.columns) if self.now_row else ""


def grid_of(
    presentations: list[Presentation],
    day: date,
    now: datetime | None = None,
    room_order: list[str] | tuple[str, ...] = (),
    only_room: str = "",
) -> Grid:
    """The grid of `day` from `presentations` (in schedule order); `now` draws a line when it falls inside.
    Columns follow `room_order` (the source's own order) where it names them, then first appearance.
    With `only_room`, the one column of that room, with what runs across the venue at the time.
    Days and times are in the active zone: the page's conference's (`conference_view`)."""
    tz = timezone.get_current_timezone()  # once, not per presentation
    # (presentation, its start on the wall clock): each converted once.
    on_day = [(p, start) for p in presentations if p.start and (start := timezone.localtime(p.start, tz)).date() == day]
    if only_room:
        on_day = [(p, start) for p, start in on_day if only_room in room_parts(p.room) or not room_parts(p.room)]
    items = [p for p, _ in on_day]
    if not items:
        return Grid(day=day, rooms=(), blocks=(), times=(), rows=0)
    first = _floor(min(start for _, start in on_day))
    last = timezone.localtime(max(_end(p) for p in items), tz)
    rows = max(1, _steps(first, last, up=True))
    rooms = (only_room,) if only_room else _rooms(items, room_order)
    placer = _Placer(rooms, first)
    blocks = [block for p in items if not _venue_wide(p, rooms) for block in placer.in_rooms(p)]
    blocks += [block for p in items if _venue_wide(p, rooms) for block in placer.across(p)]
    blocks.sort(key=lambda b: (b.row, b.column))
    starts = sorted({start for _, start in on_day})
    times = tuple(TimeMark(at=start, row=HEADER_ROWS + 1 + _steps(first, start)) for start in starts)
    now_row = None
    if now is not None and first <= now < last:
        now_row = HEADER_ROWS + 1 + _steps(first, now)
    return Grid(day=day, rooms=rooms, blocks=tuple(blocks), times=times, rows=rows, now_row=now_row)


def room_parts(room: str) -> list[str]:
    """`"Hall A, Hall B"` → both halls: the source names shared rooms (staggered lunches) that way."""
    return [part.strip() for part in room.split(",") if part.strip()]


def _rooms(items: list[Presentation], room_order) -> tuple[str, ...]:
    """Room columns in use that day, in the source's declared order, else in order of first appearance;
    venue-wide kinds do not make a column of their own."""
    rooms: dict[str, None] = {}
    for presentation in items:
        if presentation.kind not in VENUE_WIDE_KINDS:
            rooms.update(dict.fromkeys(room_parts(presentation.room)))
    declared = {room: index for index, room in enumerate(room_order)}
    first_use = {room: index for index, room in enumerate(rooms)}
    ordered = sorted(rooms, key=lambda room: (declared.get(room, len(declared)), first_use[room]))
    return tuple(ordered) or ("",)


def _venue_wide(presentation: Presentation, rooms: tuple[str, ...]) -> bool:
    """Placed across free rooms: it names no room that is a column (a keynote "in the venue", a break)."""
    parts = room_parts(presentation.room)
    return not parts or not set(parts) <= set(rooms)


def grid_lines_css() -> str:
    """static/css/grid-lines.css: one class per grid line and span the grid uses (see `Block.lines`)."""
    rules = ["/* Written by presentations.grid.grid_lines_css(); tests check it is current. */"]
    rules += [f".gr-{n}{{grid-row-start:{n}}}" for n in range(1, MAX_ROWS + 1)]
    rules += [f".grs-{n}{{grid-row-end:span {n}}}" for n in range(1, MAX_ROWS + 1)]
    rules += [f".gc-{n}{{grid-column-start:{n}}}" for n in range(1, MAX_COLUMNS + 1)]
    rules += [f".gcs-{n}{{grid-column-end:span {n}}}" for n in range(1, MAX_COLUMNS + 1)]
    rules += [
        f".grid.rooms-{n}{{grid-template-columns:5.5rem repeat({n},minmax(10rem,1fr))}}"
        for n in range(1, MAX_COLUMNS + 1)
    ]
    return "\n".join(rules) + "\n"


class _Placer:
    """Places blocks and remembers which (column, row) cells are taken, so breaks fill only free rooms."""

    def __init__(self, rooms: tuple[str, ...], first: datetime) -> None:
        self.rooms = rooms
        self.first = first
        self.taken: set[tuple[int, int]] = set()

    def in_rooms(self, presentation: Presentation) -> list[Block]:
        indexes = sorted({self.rooms.index(part) for part in room_parts(presentation.room)})
        return self._blocks(presentation, _runs(indexes), across=len(indexes) > 1)

    def across(self, presentation: Presentation) -> list[Block]:
        row, span = self._rows(presentation)
        free = [i for i in range(len(self.rooms)) if not self._is_taken(i, row, span)]
        # Once, over the widest run of free rooms (the leftmost of equals); with nothing free (a plenary over
        # running tutorials) across the whole day's width.
        runs = _runs(free) or [list(range(len(self.rooms)))]
        widest = max(runs, key=len)
        return self._blocks(presentation, [widest], across=True)

    def _blocks(self, presentation: Presentation, runs: list[list[int]], *, across: bool) -> list[Block]:
        row, span = self._rows(presentation)
        blocks = []
        for number, run in enumerate(runs):
            for index in run:
                self.taken.update((index, r) for r in range(row, row + span))
            column = TIME_COLUMNS + 1 + run[0]
            blocks.append(Block(presentation, row, span, column, len(run), across, echo=number > 0))
        return blocks

    def _rows(self, presentation: Presentation) -> tuple[int, int]:
        start = presentation.start
        row = HEADER_ROWS + 1 + _steps(self.first, start)
        return row, max(1, _steps(start, _end(presentation), up=True))

    def _is_taken(self, index: int, row: int, span: int) -> bool:
        return any((index, r) in self.taken for r in range(row, row + span))


def _runs(indexes: list[int]) -> list[list[int]]:
    """[0, 1, 3] → [[0, 1], [3]]: side-by-side rooms make one block."""
    runs: list[list[int]] = []
    for index in indexes:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _end(presentation: Presentation) -> datetime:
    return (
        presentation.end
        if presentation.end and presentation.end > presentation.start
        else (presentation.start + DEFAULT_LENGTH)
    )


def _floor(moment: datetime) -> datetime:
    return moment.replace(minute=moment.minute - moment.minute % 5, second=0, microsecond=0)


def _steps(first: datetime, moment: datetime, *, up: bool = False) -> int:
    """Five-minute steps from `first` to `moment`, rounded down (or up, for ends)."""
    steps, rest = divmod(moment - first, STEP)
    return steps + (1 if up and rest else 0)
