"""Schedule change rows grouped the way people think of them.

`ScheduleChange` keeps one row per field. People think in events instead: one scrape or one admin save
changed a talk in several ways at once. So rows are grouped into batches (one per import run, or per
person and moment) and, within a batch, into one entry per presentation with its lines of text
(`presentations.sentences` words them; `queries.latest_changes` reads the rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from presentations.models import Presentation, ScheduleChange
from presentations.sentences import describe


@dataclass
class TalkChanges:
    """What one batch did to one presentation, in lines of text."""

    presentation: Presentation
    lines: list[str] = field(default_factory=list)


@dataclass
class Batch:
    """What one scrape, or one person at one moment, changed."""

    at: datetime
    source: str  # "Scrape of https://…" or "Edited by ada"
    entries: list[TalkChanges] = field(default_factory=list)


def batches_of(changes: list[ScheduleChange]) -> list[Batch]:
    """`changes` (newest first) as batches, newest first; within a batch, talks in schedule order; their
    lines in the active zone (`presentations.sentences`)."""
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
            batch.entries.append(TalkChanges(change.presentation))
        # Newest first: an older change of the same field in the same batch does not replace the newer one.
        fields_by_entry[entry_key].setdefault(change.field, (change.old, change.new))
    for key, batch in batches.items():
        # In schedule order, as the list shows them; talks without a time last.
        batch.entries.sort(
            key=lambda entry: (entry.presentation.start is None, entry.presentation.start, entry.presentation.title)
        )
        for entry in batch.entries:
            entry.lines = describe(fields_by_entry[(*key, entry.presentation.pk)])
    return list(batches.values())


def source_of(change: ScheduleChange) -> str:
    """Where a change came from, without exposing anything private about a person (no email)."""
    if change.run is not None:
        return f"Scrape of {change.run.source}" if change.run.source else "Scrape"
    if change.changed_by is not None:
        return f"Edited by {change.changed_by.get_username()}"
    return "Source no longer known"  # its run or editor has since been deleted
