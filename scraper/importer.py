"""Records in, database changes out: the one importer behind `scrape` and `import_schedule`.

Keyed on the source's own id. One transaction: either the whole schedule lands or nothing does.
A presentation the source no longer lists is cancelled, never deleted, so interests in it survive;
when it comes back it is scheduled again. Text longer than its column is cut at a word boundary with a
warning, before it reaches the database, so SQLite and PostgreSQL store the same thing; control characters
are taken out first (scraper/controls.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from presentations import clock, schedule_version
from presentations.changes import apply_changes, diff
from presentations.inserts import insert_presentations
from presentations.models import Conference, ImportRun, Presentation, SpeakerBio
from scraper.controls import printable
from scraper.import_plan import UNCHANGED, cut, plan_rows
from scraper.records import PresentationRecord, ScheduleRecord

CANCELLED = Presentation.Status.CANCELLED
SCHEDULED = Presentation.Status.SCHEDULED
BIO_NAME_LENGTH = SpeakerBio._meta.get_field("name").max_length
# A bio is a few paragraphs; past this it is cut like any other long text.
BIO_LENGTH = 5000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # fields cut to fit, sections missing…
    missing_sections: list[str] = field(default_factory=list)
    # Human-readable lines, one per change, for --dry-run and logs.
    changes: list[str] = field(default_factory=list)
    conference: Conference | None = None

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        line = (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"cancelled {self.cancelled}, failed {self.failed}"
        )
        if self.missing_sections:
            line += f"; missing sections: {', '.join(self.missing_sections)}"
        return line


class ImportRefused(Exception):
    """The source looks incomplete: importing it would cancel much of a schedule. Nothing was written."""


# A source that suddenly lacks a quarter of the schedule is far likelier a broken page than a real change,
# at any size: a schedule of five losing four is refused as surely as one of 500 losing 400.
MAX_CANCELLED_SHARE = 0.25


def conference_values(schedule: ScheduleRecord) -> dict:
    values = {
        "name": schedule.name,
        "timezone": schedule.timezone,
        "source_url": schedule.source_url,
        "rooms": list(schedule.rooms),
    }
    starts = [p.start for p in schedule.presentations if p.start]
    tz = ZoneInfo(schedule.timezone) if starts else None
    values["start_date"] = schedule.start or (clock.local(min(starts), tz).date() if starts else None)
    ends = [p.end or p.start for p in schedule.presentations if p.end or p.start]
    values["end_date"] = schedule.end or (clock.local(max(ends), tz).date() if ends else None)
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
        return clock.local(value, tz).strftime("%Y-%m-%d %H:%M %Z")
    if isinstance(value, Enum):
        value = value.value
    return repr(value)


def import_schedule(schedule: ScheduleRecord, *, dry_run: bool = False, force: bool = False) -> ImportResult:
    """Bring the database in line with `schedule`. With `dry_run`, report and roll everything back.

    Raises `ImportRefused`, writing nothing, when the import would cancel more than a quarter of the
    scheduled presentations, unless `force` is given.
    """
    result = ImportResult(failures=list(schedule.failures), missing_sections=list(schedule.missing_sections))
    schedule = printable(schedule, result.warnings)
    with transaction.atomic():
        with schedule_version.bumps_deferred():  # one UPDATE for the page cache, not one per row
            _import(schedule, result)
        if not force:
            _refuse_mass_cancellation(result)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _refuse_mass_cancellation(result: ImportResult) -> None:
    scheduled_before = result.unchanged + result.updated + result.cancelled
    if result.cancelled and result.cancelled > MAX_CANCELLED_SHARE * scheduled_before:
        raise ImportRefused(
            f"the source lacks {result.cancelled} of the {scheduled_before} presentations already stored;"
            " it looks incomplete, so nothing was changed (run again with --force if they really were withdrawn)"
        )


def _import(schedule: ScheduleRecord, result: ImportResult) -> None:
    conference = _conference(schedule)
    result.conference = conference
    plan = plan_rows(schedule, conference, result.warnings)
    run = _LazyRun(conference, schedule.source_url)
    new: list[Presentation] = []
    for record, values, presentation in plan.rows:
        _apply(record, values, presentation, conference, run, result, new)
    _create(new)
    for presentation in plan.gone:
        _cancel(presentation, run, result)
    result.unchanged += plan.gone_cancelled
    _finish(run, result)
    _import_bios(conference, schedule.speaker_bios, result)


def _import_bios(conference: Conference, bios: dict[str, str], result: ImportResult) -> None:
    """New bios added, changed ones replaced, unchanged ones not written. A bio the source stops giving
    stays: an export that failed this once (the pages then stand in) has not withdrawn anyone's bio."""
    wanted = {}
    for name, bio in bios.items():
        if len(name) > BIO_NAME_LENGTH:
            result.warnings.append(f"bio of a speaker whose name is longer than {BIO_NAME_LENGTH} characters left out")
            continue
        if len(bio) > BIO_LENGTH:
            result.warnings.append(f"bio of {name!r} longer than {BIO_LENGTH} characters was cut")
            bio = cut(bio, BIO_LENGTH)
        wanted[name] = bio
    stored = {bio.name: bio for bio in SpeakerBio.objects.filter(conference=conference, name__in=list(wanted))}
    new = []
    for name, text in wanted.items():
        bio = stored.get(name)
        if bio is None:
            new.append(SpeakerBio(conference=conference, name=name, bio=text))
            result.changes.append(f"create bio of {name!r}")
        elif bio.bio != text:
            bio.bio = text
            bio.save(update_fields=["bio", "updated"])
            result.changes.append(f"update bio of {name!r}")
    if new:
        # One INSERT (a few on SQLite) instead of one per bio: a first scrape creates a couple of hundred.
        # bulk_create sends no signal, so the page cache's version is bumped here.
        SpeakerBio.objects.bulk_create(new)
        schedule_version.bump(conference.pk, max(bio.updated for bio in new))


def _conference(schedule: ScheduleRecord) -> Conference:
    values = conference_values(schedule)
    conference, _ = Conference.objects.select_for_update().get_or_create(slug=schedule.slug, defaults=values)
    changes = diff(conference, values)
    if changes:
        for name, (_old, new) in changes.items():
            setattr(conference, name, new)
        conference.save()
    return conference


class _LazyRun:
    """The ImportRun, created on first use: a run over an unchanged site writes nothing at all."""

    def __init__(self, conference: Conference, source: str) -> None:
        self.conference, self.source, self.run = conference, source, None

    def __call__(self) -> ImportRun:
        if self.run is None:
            self.run = ImportRun.objects.create(conference=self.conference, source=self.source, started=timezone.now())
        return self.run


def _apply(
    record: PresentationRecord,
    values: dict,
    presentation: Presentation | object | None,
    conference: Conference,
    run: _LazyRun,
    result: ImportResult,
    new: list[Presentation],
) -> None:
    if presentation is None:
        new.append(Presentation(conference=conference, source_id=record.source_id[:100], **values))
        result.created += 1
        result.changes.append(_describe("create", new[-1]))
        return
    if presentation is UNCHANGED or not diff(presentation, values):
        result.unchanged += 1
        return
    changed = apply_changes(presentation, values, run=run())
    result.updated += 1
    result.changes.append(_describe("update", presentation, changed))


def _create(new: list[Presentation]) -> None:
    """The presentations the database did not have, in one INSERT run once per row: no `save()`, no signal."""
    if not new:
        return
    for presentation in new:
        presentation.fill_derived()
    insert_presentations(new)
    schedule_version.bump(new[0].conference_id, max(presentation.updated for presentation in new))


def _cancel(presentation: Presentation, run: _LazyRun, result: ImportResult) -> None:
    if presentation.status == CANCELLED:
        result.unchanged += 1
        return
    changed = apply_changes(presentation, {"status": CANCELLED}, run=run())
    result.cancelled += 1
    result.changes.append(_describe("cancel", presentation, changed))


def _finish(run: _LazyRun, result: ImportResult) -> None:
    if result.created:
        run()
    if run.run is None:
        return
    run.run.finished = timezone.now()
    run.run.created_count = result.created
    run.run.updated_count = result.updated
    run.run.unchanged_count = result.unchanged
    run.run.cancelled_count = result.cancelled
    run.run.failed_count = result.failed
    run.run.failures = result.failures
    run.run.save()
