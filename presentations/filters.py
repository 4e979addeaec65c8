"""The schedule's filters, read from the query string: shareable URLs, and bad values ignored out loud.

`ScheduleFilters.from_query(request.GET)` never raises: a value it cannot use is dropped and named in
`notes`, so a mistyped link still shows a schedule instead of an error page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date
from urllib.parse import urlencode

from presentations.models import Conference, PresentationQuerySet, holds_day

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# A day is 1,440 minutes; anything longer is a typo, and a huge number would overflow timedelta.
LONGEST_MINUTES = 24 * 60
LONGEST_SEARCH = 200


@dataclass(frozen=True)
class ScheduleFilters:
    day: date | None = None
    kind: str = ""
    category: str = ""
    audience: str = ""
    duration: int | None = None
    room: str = ""
    q: str = ""
    mine: bool = False
    notes: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_query(cls, query) -> ScheduleFilters:
        notes: list[str] = []
        return cls(
            day=_day(query.get("day", ""), notes),
            kind=_text(query.get("kind", "")),
            category=_text(query.get("category", "")),
            audience=_text(query.get("audience", "")),
            duration=_minutes(query.get("duration", ""), notes),
            room=_text(query.get("room", "")),
            q=_text(query.get("q", ""))[:LONGEST_SEARCH],
            mine=query.get("mine", "") == "1",
            notes=tuple(notes),
        )

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) not in (None, "", False) for f in fields(self) if f.name != "notes")

    @property
    def only_mine(self) -> bool:
        return self.mine and not replace(self, mine=False).active

    def apply(self, presentations: PresentationQuerySet, conference: Conference, user) -> PresentationQuerySet:
        """`presentations` narrowed by every filter given; `mine` only counts for a signed-in user."""
        if self.day:
            presentations = presentations.on_day(self.day, conference.tzinfo)
        for name in ("kind", "category", "audience", "room"):
            if value := getattr(self, name):
                presentations = presentations.filter(**{name: value})
        if self.duration is not None:
            presentations = presentations.lasting(self.duration)
        if self.q:
            presentations = presentations.matching(self.q)
        if self.mine and user.is_authenticated:
            presentations = presentations.interesting_to(user)
        return presentations

    def query_string(self) -> str:
        """The filters as a query string, empty ones left out: for links that keep the current view."""
        pairs = {
            "day": self.day.isoformat() if self.day else "",
            "kind": self.kind,
            "category": self.category,
            "audience": self.audience,
            "duration": "" if self.duration is None else str(self.duration),
            "room": self.room,
            "q": self.q,
            "mine": "1" if self.mine else "",
        }
        return urlencode({name: value for name, value in pairs.items() if value})


def _text(value: str) -> str:
    # PostgreSQL refuses NUL characters in a query; nobody types them on purpose.
    return value.replace("\x00", "").strip()


def _day(value: str, notes: list[str]) -> date | None:
    value = _text(value)
    if not value:
        return None
    try:
        if not ISO_DAY.fullmatch(value):
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError:
        notes.append(f"Ignored the day “{value}”: give a date as YYYY-MM-DD.")
        return None
    if not holds_day(day):
        notes.append(f"Ignored the day “{value}”: no schedule reaches that far.")
        return None
    return day


def _minutes(value: str, notes: list[str]) -> int | None:
    value = _text(value)
    if not value:
        return None
    if value.isascii() and value.isdigit() and 0 < int(value) <= LONGEST_MINUTES:
        return int(value)
    notes.append(f"Ignored the duration “{value}”: give a number of minutes.")
    return None
