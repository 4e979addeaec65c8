"""VTIMEZONE components written from the zone database, with every transition of a span of dates.

icalendar's `Timezone.from_tzinfo` writes a daylight-saving onset at the wall time after the jump
(03:00 for a 02:00 → 03:00 change) and opens with a stub whose offsets are equal; some parsers then put a
talk near the change an hour off. RFC 5545 §3.6.5 reads a sub-component's DTSTART in the offset in force
before it (TZOFFSETFROM), which is what this module writes: one STANDARD or DAYLIGHT per transition, and
first the one in force when the span begins, so that any moment of the span is covered by a real rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from presentations import ics_writer

# Zones change twice a year at most; a day's step cannot miss a transition (none are a day apart).
STEP = timedelta(days=1)
# How far back to look for the rule in force when the span starts: past a few years a zone has no DST.
LOOKBACK_DAYS = 3 * 366
# A zone that never changes gets one STANDARD from the Unix epoch.
EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Transition:
    at: datetime  # the UTC moment of the change
    offset_from: timedelta
    offset_to: timedelta
    name: str  # the abbreviation in force after it: PDT, CET…
    daylight: bool

    @property
    def local_onset(self) -> datetime:
        """The wall time at which the change happens, read in the offset before it (RFC 5545)."""
        return (self.at + self.offset_from).replace(tzinfo=None)


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    return moment.astimezone(zone).utcoffset()


def _find_change(zone: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """The first whole minute after `before` (and at most `after`) whose offset differs from `before`'s."""
    old = _offset(zone, before)
    low, high = 0, int((after - before).total_seconds() // 60)
    while high - low > 1:
        middle = (low + high) // 2
        if _offset(zone, before + timedelta(minutes=middle)) == old:
            low = middle
        else:
            high = middle
    return before + timedelta(minutes=high)


@lru_cache(maxsize=64)
def transitions(name: str, first: date, last: date) -> tuple[Transition, ...]:
    """Every change of offset in `name` from `first` to `last` (inclusive), in order."""
    zone = ZoneInfo(name)
    moment = datetime.combine(first, datetime.min.time(), tzinfo=UTC)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    found = []
    while moment < end:
        following = moment + STEP
        if _offset(zone, moment) != _offset(zone, following):
            at = _find_change(zone, moment, following)
            local = at.astimezone(zone)
            found.append(
                Transition(
                    at=at,
                    offset_from=_offset(zone, moment),
                    offset_to=local.utcoffset(),
                    name=local.tzname() or name,
                    daylight=bool(local.dst()),
                )
            )
        moment = following
    return tuple(found)


def _sub_component(*, onset: datetime, offset_from: timedelta, offset_to: timedelta, name: str, daylight: bool):
    component = TimezoneDaylight() if daylight else TimezoneStandard()
    component.add("dtstart", onset)
    component.add("tzname", name)
    component.add("tzoffsetfrom", offset_from)
    component.add("tzoffsetto", offset_to)
    return component


def vtimezone(name: str, first: date, last: date) -> Timezone:
    """A VTIMEZONE for `name` valid from `first` to `last`: the rule in force at `first`, then each change."""
    zone = ZoneInfo(name)
    earlier = transitions(name, first - timedelta(days=LOOKBACK_DAYS), first - timedelta(days=1))
    within = transitions(name, first, last)
    timezone = Timezone()
    timezone.add("tzid", name)
    if earlier:
        opening = earlier[-1]
        timezone.add_component(
            _sub_component(
                onset=opening.local_onset,
                offset_from=opening.offset_from,
                offset_to=opening.offset_to,
                name=opening.name,
                daylight=opening.daylight,
            )
        )
    else:
        start = datetime.combine(first, datetime.min.time(), tzinfo=UTC).astimezone(zone)
        timezone.add_component(
            _sub_component(
                onset=EPOCH,
                offset_from=start.utcoffset(),
                offset_to=start.utcoffset(),
                name=start.tzname() or name,
                daylight=bool(start.dst()),
            )
        )
    for change in within:
        timezone.add_component(
            _sub_component(
                onset=change.local_onset,
                offset_from=change.offset_from,
                offset_to=change.offset_to,
                name=change.name,
                daylight=change.daylight,
            )
        )
    return timezone


@lru_cache(maxsize=64)
def vtimezone_ical(name: str, first: date, last: date) -> bytes:
    """`vtimezone(name, first, last)` written out: the same zone over the same dates is the same text in
    every feed (a conference's talks all share one), so it is built once."""
    return ics_writer.to_ical(vtimezone(name, first, last))
