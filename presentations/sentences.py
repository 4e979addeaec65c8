"""Schedule changes in words: "Moved from Mon 10:50 AM to Mon 2:35 PM", "Cancelled", and the one-sentence
notice a person who marked a talk reads when it changes. Times read in the active zone: the page's
conference's (`conference_view`, or the `timezone.override` of a view that finds its conference itself)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.text import Truncator

from presentations.labels import clock_time, day_and_time
from presentations.models import Presentation

# The order lines read in: what happened to the talk first, then the details.
LINE_ORDER = ("status", "start", "end", "room", "title")
FIELD_NAMES = {"speakers": "Speakers", "kind": "Kind", "category": "Category", "audience": "Audience level"}


def describe(changed: dict[str, tuple]) -> list[str]:
    """One presentation's changes, {field: (old, new)} as stored (JSON), as lines for a person."""
    lines = []
    for name in sorted(changed, key=lambda f: (LINE_ORDER.index(f) if f in LINE_ORDER else len(LINE_ORDER), f)):
        old, new = changed[name]
        if name == "status":
            lines.append("Cancelled" if new == Presentation.Status.CANCELLED else "Back on the schedule")
        elif name == "start":
            lines.append(_move(old, new))
        elif name == "end" and "start" not in changed:
            lines.append(_new_end(old, new))
        elif name == "room":
            lines.append(f"Room: {old or 'none'} → {new or 'none'}")
        elif name == "title":
            lines.append(f"Title changed (was “{old}”)")
        elif name != "end":
            lines.append(f"{FIELD_NAMES.get(name, name.replace('_', ' ').capitalize())} changed")
    return lines


def _when(value) -> datetime | None:
    return timezone.localtime(datetime.fromisoformat(value)) if value else None


def _move(old, new) -> str:
    before, after = _when(old), _when(new)
    if before is None:
        return f"Scheduled for {day_and_time(after)}"
    if after is None:
        return f"No longer has a time (was {day_and_time(before)})"
    return f"Moved from {day_and_time(before)} to {day_and_time(after)}"


def _new_end(old, new) -> str:
    before, after = _when(old), _when(new)
    if after is None:
        return "No longer has an end time"
    was = f" (was {clock_time(before)})" if before else ""
    return f"Now ends at {clock_time(after)}{was}"


def notice_of(presentation: Presentation, changed: list[str]) -> str:
    """One sentence for a person who has `presentation` in their calendar, naming what `changed` did to it."""
    title = f"“{Truncator(presentation.title).chars(60)}”"
    place = _place(presentation)
    if "status" in changed and presentation.is_cancelled:
        return f"{title} was cancelled."
    if "status" in changed:
        return f"{title} is back on the schedule: {place}."
    if presentation.is_cancelled:
        return f"{title} (cancelled) changed."
    if {"start", "end", "room"} & set(changed):
        return f"{title} moved to {place}."
    if "title" in changed:
        return f"A talk in your calendar has a new title: {title}."
    return f"{title} changed."


def _place(presentation: Presentation) -> str:
    """`Portland Ballroom 252–253, Mon 2:35 PM PDT`."""
    parts = []
    if presentation.room:
        parts.append(presentation.room)
    if presentation.start:
        start = timezone.localtime(presentation.start)
        parts.append(f"{day_and_time(start)} {start.tzname()}")
    return ", ".join(parts) or "no set time or room"
