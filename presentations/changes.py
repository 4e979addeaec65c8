"""Applying a change to a presentation: the diff, the SEQUENCE bump, the change record, and the
`schedule_changed` signal once committed (interests turns it into the live message).

Both the importer and the admin go through `apply_changes`, so a moved talk looks the same wherever
the move came from.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from presentations import clock, schedule_version
from presentations.models import ImportRun, Presentation, ScheduleChange
from presentations.signals import schedule_changed

# Fields that calendar apps must be told about (iCalendar SEQUENCE).
SEQUENCE_FIELDS = frozenset({"start", "end", "room", "status"})
# Fields whose change is pushed live to open pages (../shared/SPEC.md, "presentation" message).
LIVE_FIELDS = ("start", "end", "room", "title", "status")


def sequence_after(sequence: int, changed: dict) -> int:
    """The iCalendar SEQUENCE once `changed` is saved: one more when time, room or status changed."""
    return sequence + 1 if SEQUENCE_FIELDS & changed.keys() else sequence


def as_json_value(value, tz=None):
    if isinstance(value, datetime):
        # In the conference's own zone, whether the value came from the database (UTC) or a parser.
        return (clock.local(value, tz) if tz else value).isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def diff(presentation: Presentation, values: dict) -> dict[str, tuple]:
    """Fields of `values` that differ from what `presentation` holds, as {field: (old, new)}."""
    changed = {}
    for field, new in values.items():
        old = getattr(presentation, field)
        if isinstance(new, tuple):
            new = list(new)
        if old != new:
            changed[field] = (old, new)
    return changed


def record_changes(
    presentation: Presentation,
    changed: dict[str, tuple],
    *,
    run: ImportRun | None = None,
    user=None,
    at: datetime | None = None,
) -> None:
    """Write the change records and, once committed, send `schedule_changed`. `presentation` is already saved."""
    at = at or timezone.now()
    tz = presentation.conference.tzinfo
    # bulk_create sends no signal: the page cache learns of the records here (the talk's "Moved", its history).
    schedule_version.bump(presentation.conference_id)
    ScheduleChange.objects.bulk_create(
        ScheduleChange(
            presentation=presentation,
            field=field,
            old=as_json_value(old, tz),
            new=as_json_value(new, tz),
            at=at,
            run=run,
            changed_by=user,
        )
        for field, (old, new) in changed.items()
    )
    live = {
        field: [as_json_value(changed[field][0], tz), as_json_value(changed[field][1], tz)]
        for field in LIVE_FIELDS
        if field in changed
    }
    if live:
        transaction.on_commit(
            partial(
                schedule_changed.send,
                sender=Presentation,
                conference_id=presentation.conference_id,
                presentation_id=presentation.pk,
                changes=live,
            ),
            robust=True,
        )


def apply_changes(
    presentation: Presentation, values: dict, *, run: ImportRun | None = None, user=None
) -> dict[str, tuple]:
    """Set `values` on `presentation`, save what changed and record it. Returns the changes."""
    changed = diff(presentation, values)
    if not changed:
        return changed
    for field, (_old, new) in changed.items():
        setattr(presentation, field, new)
    written = [*changed, "updated"]
    sequence = sequence_after(presentation.sequence, changed)
    if sequence != presentation.sequence:
        presentation.sequence = sequence
        written.append("sequence")
    # Only what changed, and the copies made from it (Presentation.save): a new title leaves the
    # description's HTML as it was, and the other columns unwritten.
    presentation.save(update_fields=written)
    record_changes(presentation, changed, run=run, user=user)
    return changed
