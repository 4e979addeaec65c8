"""The schedule as a list: days, then start times, then the presentations starting then; posters last."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from presentations.models import Presentation


@dataclass
class Slot:
    start: datetime
    presentations: list[Presentation] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"at-{self.start:%Y-%m-%d-%H%M}"


@dataclass
class Day:
    date: date
    slots: list[Slot] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"day-{self.date.isoformat()}"


@dataclass
class Agenda:
    days: list[Day]
    # Posters and anything else without a time.
    untimed: list[Presentation]


def agenda_of(presentations: list[Presentation], tz: ZoneInfo) -> Agenda:
    """`presentations`, in schedule order, grouped by day and start time in the conference's zone."""
    days: dict[date, Day] = {}
    untimed = []
    for presentation in presentations:
        if presentation.start is None:
            untimed.append(presentation)
            continue
        start = presentation.start.astimezone(tz)
        day = days.setdefault(start.date(), Day(start.date()))
        if not day.slots or day.slots[-1].start != start:
            day.slots.append(Slot(start))
        day.slots[-1].presentations.append(presentation)
    return Agenda(days=list(days.values()), untimed=untimed)
