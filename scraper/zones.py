"""The conference's time zone, from a zone name in the export or, failing that, from the offsets it writes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Legacy names that exports still write, while newer tzdata packages ship them only as an extra.
_CANONICAL = {
    "US/Eastern": "America/New_York",
    "US/Central": "America/Chicago",
    "US/Mountain": "America/Denver",
    "US/Arizona": "America/Phoenix",
    "US/Pacific": "America/Los_Angeles",
    "US/Alaska": "America/Anchorage",
    "US/Hawaii": "Pacific/Honolulu",
    "Canada/Eastern": "America/Toronto",
    "Canada/Pacific": "America/Vancouver",
}


def known_zone(name: str | None) -> str | None:
    """The canonical IANA name for `name`, or None when it names no zone."""
    name = (name or "").strip()
    name = _CANONICAL.get(name, name)
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def zone_from_offsets(moments: Iterable[datetime]) -> str:
    """A fixed-offset zone matching the first aware time, "UTC" when there is none.

    An offset alone cannot tell Berlin from Paris, so this is the honest answer: every time keeps its
    instant and its wall-clock reading, only the zone's name is generic ("Etc/GMT-1" is UTC+1).
    """
    for moment in moments:
        offset = moment.utcoffset()
        if offset is None:
            continue
        return _etc_zone(offset)
    return "UTC"


def _etc_zone(offset: timedelta) -> str:
    hours, rest = divmod(offset, timedelta(hours=1))
    if rest or not -12 <= hours <= 14:
        return "UTC"  # no Etc zone for half hours; times stay right as instants
    if hours == 0:
        return "UTC"
    # The Etc names invert the sign: Etc/GMT-1 is one hour ahead of UTC.
    return f"Etc/GMT{-hours:+d}"


def in_zone(moment: datetime, zone: str) -> datetime:
    """An aware time moved to `zone`; a naive one is read as wall-clock time there."""
    tz = ZoneInfo(zone)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz)
    return moment.astimezone(tz)
