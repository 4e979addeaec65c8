"""Records in, database changes out: the one importer behind `scrape` and `import_schedule`.

Keyed on the source's own id. One transaction: either the whole schedule lands or nothing does.
A presentation the source no longer lists is cancelled, never deleted, so interests in it survive;
when it comes back it is scheduled again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from presentations.changes import apply_changes, diff
from presentations.models import Conference, ImportRun, Presentation
from scraper.records import PresentationRecord, ScheduleRecord

CANCELLED = Presentation.Status.CANCELLED
SCHEDULED = Presentation.Status.SCHEDULED


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0
    failures: list[str] = field(default_factory=list)
    # Human-readable lines, one per change, for --dry-run and logs.
    changes: list[str] = field(default_factory=list)
    conference: Conference | None = None

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"cancelled {self.cancelled}, failed {self.failed}"
        )


class DryRunRollback(Exception):
    pass


class ImportRefused(Exception):
    """The source looks incomplete: importing it would cancel much of a schedule. Nothing was written."""


# A source that suddenly lacks a quarter of the schedule is far likelier a broken page than a real change.
MAX_CANCELLED_SHARE = 0.25
MIN_CANCELLED_TO_REFUSE = 5


def web_address(url: str) -> str:
    """The source's link if it is http(s), else "": a `javascript:` link must never reach our pages."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def presentation_values(record: PresentationRecord) -> dict:
    status = CANCELLED if getattr(record, "cancelled", False) else SCHEDULED
    return {
        "kind": record.kind,
        "title": record.title,
        "speakers": list(record.speakers),
        "category": record.category,
        "audience": record.audience,
        "room": record.room,
        "start": record.start,
        "end": record.end,
        "description": record.description,
        "abstract": record.abstract,
        "url": web_address(record.url),
        "language": record.language,
        "recorded": record.recorded,
        "status": status,
    }


def conference_values(schedule: ScheduleRecord) -> dict:
    values = {
        "name": schedule.name,
        "timezone": schedule.timezone,
        "source_url": schedule.source_url,
        "rooms": list(schedule.rooms),
    }
    starts = [p.start for p in schedule.presentations if p.start]
    tz = None
    if starts:
        from zoneinfo import ZoneInfo

        tz = ZoneInfo(schedule.timezone)
    values["start_date"] = schedule.start or (min(starts).astimezone(tz).date() if starts else None)
    ends = [p.end or p.start for p in schedule.presentations if p.end or p.start]
    values["end_date"] = schedule.end or (max(ends).astimezone(tz).date() if ends else None)
    return values


def _describe(action: str, presentation: Presentation, changed: dict | None = None) -> str:
    line = f"{action} {presentation.source_id} {presentation.title!r}"
    if changed:
        tz = ZoneInfo(presentation.conference.timezone)
        details = "; ".join(f"{name}: {_shown(old, tz)} → {_shown(new, tz)}" for name, (old, new) in changed.items())
        line += f" ({details})"
    return line


def _shown(value, tz: ZoneInfo) -> str:
    """A changed value as an organiser reads it in a log: times in the conference's zone, statuses by name."""
    if isinstance(value, datetime):
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
    if isinstance(value, Enum):
        value = value.value
    return repr(value)


def import_schedule(schedule: ScheduleRecord, *, dry_run: bool = False, force: bool = False) -> ImportResult:
    """Bring the database in line with `schedule`. With `dry_run`, report and roll everything back.

    Raises `ImportRefused`, writing nothing, when the import would cancel more than a quarter of the
    scheduled presentations, unless `force` is given.
    """
    result = ImportResult(failures=list(schedule.failures))
    try:
        with transaction.atomic():
            _import(schedule, result)
            if not force:
                _refuse_mass_cancellation(result)
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    return result


def _refuse_mass_cancellation(result: ImportResult) -> None:
    scheduled_before = result.unchanged + result.updated + result.cancelled
    if result.cancelled >= MIN_CANCELLED_TO_REFUSE and result.cancelled > MAX_CANCELLED_SHARE * scheduled_before:
        raise ImportRefused(
            f"the source lacks {result.cancelled} of the {scheduled_before} presentations already stored;"
            " it looks incomplete, so nothing was changed (run again with --force if they really were withdrawn)"
        )


def _import(schedule: ScheduleRecord, result: ImportResult) -> None:
    conference, _ = Conference.objects.select_for_update().get_or_create(
        slug=schedule.slug, defaults=conference_values(schedule)
    )
    conference_changes = diff(conference, conference_values(schedule))
    if conference_changes:
        for name, (_old, new) in conference_changes.items():
            setattr(conference, name, new)
        conference.save()
    result.conference = conference

    existing = {p.source_id: p for p in Presentation.objects.filter(conference=conference)}
    for presentation in existing.values():
        presentation.conference = conference  # change records read its time zone: no query per talk
    run = None

    def current_run() -> ImportRun:
        # Created lazily: a run over an unchanged site writes nothing at all.
        nonlocal run
        if run is None:
            run = ImportRun.objects.create(conference=conference, source=schedule.source_url, started=timezone.now())
        return run

    for record in schedule.presentations:
        values = presentation_values(record)
        presentation = existing.pop(record.source_id, None)
        if presentation is None:
            presentation = Presentation.objects.create(conference=conference, source_id=record.source_id, **values)
            result.created += 1
            result.changes.append(_describe("create", presentation))
            continue
        if not diff(presentation, values):
            result.unchanged += 1
            continue
        changed = apply_changes(presentation, values, run=current_run())
        result.updated += 1
        result.changes.append(_describe("update", presentation, changed))

    for presentation in existing.values():
        if presentation.status == CANCELLED:
            result.unchanged += 1
            continue
        changed = apply_changes(presentation, {"status": CANCELLED}, run=current_run())
        result.cancelled += 1
        result.changes.append(_describe("cancel", presentation, changed))

    if result.created and run is None:
        current_run()
    if run is not None:
        run.finished = timezone.now()
        run.created_count = result.created
        run.updated_count = result.updated
        run.unchanged_count = result.unchanged
        run.cancelled_count = result.cancelled
        run.failed_count = result.failed
        run.failures = result.failures
        run.save()
