"""What time it is for the schedule: "now" and "next" while a conference is on, and a moment on a stated
zone's wall clock.

Pages ask `clock.now()` (never `timezone.now()` directly), so tests can stand at any moment of a
conference by replacing that one function. A page runs in its conference's zone (`conference_view`) and
reads times through Django's `localtime`/`localdate` or the templates' `date`/`time` filters; what is
written in a stated zone whatever zone is active (iCalendar, frab, JSON, change records, the admin, pages
of several conferences) converts through `local()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from presentations.models import Conference, Presentation


def now() -> datetime:
    return timezone.now()


def local(moment: datetime, zone: Conference | tzinfo) -> datetime:
    """`moment` (aware) on the wall clock of `zone`: a conference's zone, or a zone itself."""
    return timezone.localtime(moment, zone if isinstance(zone, tzinfo) else zone.tzinfo)


def conference_is_on(conference: Conference, moment: datetime) -> bool:
    if not (conference.start_date and conference.end_date):
        return False
    return conference.start_date <= local(moment, conference).date() <= conference.end_date


@dataclass(frozen=True)
class NowAndNext:
    now: list[Presentation]
    next: list[Presentation]

    @property
    def next_start(self) -> datetime | None:
        return self.next[0].start if self.next else None


def now_and_next(presentations: list[Presentation], moment: datetime) -> NowAndNext:
    """What is under way at `moment`, and everything that starts at the next start time after it."""
    scheduled = [p for p in presentations if p.start and not p.is_cancelled]
    running = [p for p in scheduled if p.start <= moment < (p.end or p.start)]
    later = [p for p in scheduled if p.start > moment]
    next_start = min((p.start for p in later), default=None)
    return NowAndNext(now=running, next=[p for p in later if p.start == next_start])


def zone_label(conference: Conference, at: datetime | None = None) -> str:
    """`America/Los_Angeles (PDT)`: the zone's name, and its abbreviation at `at` (or the first day)."""
    tz = conference.tzinfo
    if at is None:
        first = conference.start_date or local(now(), tz).date()
        at = datetime.combine(first, datetime.min.time().replace(hour=12), tzinfo=tz)
    return f"{conference.timezone} ({local(at, tz).tzname()})"
