"""The schedule as a list: days, then start times, then the presentations starting then; posters last.

A big list folds its hours (`fold_hours`): each hour of a day is a disclosure under its time, and one is
open. The cards are all in the page, for find-in-page, links to a card and browsers without JavaScript,
but a phone lays out only the open hour's as the page opens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property

from django.utils import timezone

from presentations.models import Presentation


@dataclass
class Slot:
    start: datetime
    presentations: list[Presentation] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"at-{self.start:%Y-%m-%d-%H%M}"


@dataclass
class Hour:
    """The slots of a day that start within one clock hour."""

    start: datetime
    slots: list[Slot] = field(default_factory=list)
    is_open: bool = True

    @property
    def end(self) -> datetime:
        return self.start + timedelta(hours=1)

    @property
    def anchor(self) -> str:
        return f"hour-{self.start:%Y-%m-%d-%H}"

    @property
    def size(self) -> int:
        return sum(len(slot.presentations) for slot in self.slots)


@dataclass
class Day:
    date: date
    slots: list[Slot] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"day-{self.date.isoformat()}"

    @cached_property
    def hours(self) -> list[Hour]:
        hours: list[Hour] = []
        for slot in self.slots:
            start = slot.start.replace(minute=0, second=0, microsecond=0)
            if not hours or hours[-1].start != start:
                hours.append(Hour(start))
            hours[-1].slots.append(slot)
        return hours


@dataclass
class Agenda:
    days: list[Day]
    # Posters and anything else without a time.
    untimed: list[Presentation]
    # Each hour a disclosure, most of them closed (`fold_hours`).
    folded: bool = False


def agenda_of(presentations: list[Presentation]) -> Agenda:
    """`presentations`, in schedule order, grouped by day and start time in the active zone: the page's
    conference's (`conference_view`)."""
    tz = timezone.get_current_timezone()  # once, not per presentation
    days: dict[date, Day] = {}
    untimed = []
    for presentation in presentations:
        if presentation.start is None:
            untimed.append(presentation)
            continue
        start = timezone.localtime(presentation.start, tz)
        on = start.date()
        day = days.get(on) or days.setdefault(on, Day(on))  # a Day made only for a new day
        if not day.slots or day.slots[-1].start != start:
            day.slots.append(Slot(start))
        day.slots[-1].presentations.append(presentation)
    return Agenda(days=list(days.values()), untimed=untimed)


def fold_hours(agenda: Agenda, moment: datetime, *, at_least: int) -> None:
    """Fold the hours of `agenda`, leaving open the hour under way at `moment` (else the next, else the first)
    and the hours after it until `at_least` presentations show: a screenful, not a lone keynote."""
    hours = [hour for day in agenda.days for hour in day.hours]
    if not hours:
        return
    agenda.folded = True
    first = next((n for n, hour in enumerate(hours) if hour.end > moment), 0)
    shown = 0
    for n, hour in enumerate(hours):
        hour.is_open = n >= first and shown < at_least
        shown += hour.size if hour.is_open else 0
