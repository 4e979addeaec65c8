"""Schedule changes as people read them: "Moved from Mon 10:50 AM to Mon 2:35 PM", "Cancelled".

`ScheduleChange` keeps one row per field. People think in events instead: one scrape or one admin save
changed a talk in several ways at once. So rows are grouped into batches (one per import run, or per
person and moment) and, within a batch, into one entry per presentation with its lines of text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.text import Truncator

from presentations.models import Conference, Presentation, ScheduleChange

# The changes page shows this many change rows at most, newest first: a conference rarely has more, and
# the page must stay one query however long the history grows.
LATEST = 200
# The order lines read in: what happened to the talk first, then the details.
LINE_ORDER = ("status", "start", "end", "room", "title")
FIELD_NAMES = {"speakers": "Speakers", "kind": "Kind", "category": "Category", "audience": "Audience level"}


@dataclass
class Entry:
    presentation: Presentation
    lines: list[str] = field(default_factory=list)


@dataclass
class Batch:
    """What one scrape, or one person at one moment, changed."""

    at: datetime
    source: str  # "Scrape of https://…" or "Edited by ada"
    entries: list[Entry] = field(default_factory=list)


def latest_changes(conference: Conference, limit: int = LATEST) -> list[ScheduleChange]:
    """The newest `limit` change rows of `conference`, with their talk, run and editor, in one query."""
    return list(
        ScheduleChange.objects.filter(presentation__conference=conference)
        .select_related("presentation", "run", "changed_by")
        .defer("presentation__abstract", "presentation__description", "changed_by__email")
        .order_by("-at", "-pk")[:limit]
    )


def batches_of(changes: list[ScheduleChange], tz: ZoneInfo) -> list[Batch]:
    """`changes` (newest first) as batches, newest first; within a batch, talks in schedule order."""
    batches: dict[tuple, Batch] = {}
    fields_by_entry: dict[tuple, dict[str, tuple]] = {}
    for change in changes:
        key = ("run", change.run_id) if change.run_id else ("edit", change.changed_by_id, change.at)
        batch = batches.get(key)
        if batch is None:
            batch = batches[key] = Batch(at=change.at, source=source_of(change))
        entry_key = (*key, change.presentation_id)
        if entry_key not in fields_by_entry:
            fields_by_entry[entry_key] = {}
            batch.entries.append(Entry(change.presentation))
        # Newest first: an older change of the same field in the same batch does not replace the newer one.
        fields_by_entry[entry_key].setdefault(change.field, (change.old, change.new))
    for key, batch in batches.items():
        # In schedule order, as the list shows them; talks without a time last.
        batch.entries.sort(
            key=lambda entry: (entry.presentation.start is None, entry.presentation.start, entry.presentation.title)
        )
        for entry in batch.entries:
            entry.lines = describe(fields_by_entry[(*key, entry.presentation.pk)], tz)
    return list(batches.values())


def source_of(change: ScheduleChange) -> str:
    """Where a change came from, without exposing anything private about a person (no email)."""
    if change.run is not None:
        return f"Scrape of {change.run.source}" if change.run.source else "Scrape"
    if change.changed_by is not None:
        return f"Edited by {change.changed_by.get_username()}"
    return "Source no longer known"  # its run or editor has since been deleted


def describe(changed: dict[str, tuple], tz: ZoneInfo) -> list[str]:
    """One presentation's changes, {field: (old, new)} as stored (JSON), as lines for a person."""
    lines = []
    for name in sorted(changed, key=lambda f: (LINE_ORDER.index(f) if f in LINE_ORDER else len(LINE_ORDER), f)):
        old, new = changed[name]
        if name == "status":
            lines.append("Cancelled" if new == Presentation.Status.CANCELLED else "Back on the schedule")
        elif name == "start":
            lines.append(_move(old, new, tz))
        elif name == "end" and "start" not in changed:
            lines.append(_new_end(old, new, tz))
        elif name == "room":
            lines.append(f"Room: {old or 'none'} → {new or 'none'}")
        elif name == "title":
            lines.append(f"Title changed (was “{old}”)")
        elif name != "end":
            lines.append(f"{FIELD_NAMES.get(name, name.replace('_', ' ').capitalize())} changed")
    return lines


def day_and_time(moment: datetime) -> str:
    """`Mon 2:35 PM`."""
    return f"{moment:%a} {clock_time(moment)}"


def clock_time(moment: datetime) -> str:
    """`2:35 PM`, the way a printed programme writes it (no leading zero)."""
    return f"{moment.hour % 12 or 12}:{moment:%M %p}"


def _when(value, tz: ZoneInfo) -> datetime | None:
    return datetime.fromisoformat(value).astimezone(tz) if value else None


def _move(old, new, tz: ZoneInfo) -> str:
    before, after = _when(old, tz), _when(new, tz)
    if before is None:
        return f"Scheduled for {day_and_time(after)}"
    if after is None:
        return f"No longer has a time (was {day_and_time(before)})"
    return f"Moved from {day_and_time(before)} to {day_and_time(after)}"


def _new_end(old, new, tz: ZoneInfo) -> str:
    before, after = _when(old, tz), _when(new, tz)
    if after is None:
        return "No longer has an end time"
    was = f" (was {clock_time(before)})" if before else ""
    return f"Now ends at {clock_time(after)}{was}"


def notice_of(presentation: Presentation, changed: list[str], tz: ZoneInfo) -> str:
    """One sentence for a person who has `presentation` in their calendar, naming what `changed` did to it."""
    title = f"“{Truncator(presentation.title).chars(60)}”"
    place = _place(presentation, tz)
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


def _place(presentation: Presentation, tz: ZoneInfo) -> str:
    """`Portland Ballroom 252–253, Mon 2:35 PM PDT`."""
    parts = []
    if presentation.room:
        parts.append(presentation.room)
    if presentation.start:
        start = presentation.start.astimezone(tz)
        parts.append(f"{day_and_time(start)} {start.tzname()}")
    return ", ".join(parts) or "no set time or room"
