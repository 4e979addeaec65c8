"""What an import will do with each record, decided before it writes: the values it would store (each text
cut to its column) and whether the stored row differs, told by its fingerprint (presentations.fingerprint).
Only the rows that differ, and those to cancel, are read whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from presentations.fingerprint import SOURCE_FIELDS, fingerprint_of
from presentations.links import web_address
from presentations.models import Conference, Presentation
from scraper.records import PresentationRecord, ScheduleRecord

CANCELLED = Presentation.Status.CANCELLED
SCHEDULED = Presentation.Status.SCHEDULED
SPEAKER_NAMES_LENGTH = Presentation._meta.get_field("speaker_names").max_length
# The columns of a limited length among those an import writes, and their lengths.
LIMITS = {
    field.name: field.max_length
    for field in Presentation._meta.get_fields()
    if field.name in SOURCE_FIELDS and getattr(field, "max_length", None)
}
# What `plan_rows` gives for a record whose stored row has its fingerprint: nothing to read, nothing to write.
UNCHANGED = object()


def presentation_values(record: PresentationRecord, warnings: list[str] | None = None) -> dict:
    """The model's field values for `record`, each text cut to its column (a warning says which)."""
    status = CANCELLED if getattr(record, "cancelled", False) else SCHEDULED
    values = {
        "kind": record.kind,
        "title": record.title,
        "speakers": _fitting_speakers(record, warnings),
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
    for name, limit in LIMITS.items():
        value = values[name]
        if isinstance(value, str) and len(value) > limit:
            values[name] = "" if name == "url" else cut(value, limit)
            if warnings is not None:
                warnings.append(f"{record.source_id}: {name} longer than {limit} characters was cut")
    return values


def cut(value: str, limit: int) -> str:
    """`value` in at most `limit` characters, cut at the last space before it when there is one, with "…"."""
    head = value[: limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip() + "…"


def _fitting_speakers(record: PresentationRecord, warnings: list[str] | None) -> list[str]:
    speakers, length = [], 0
    for name in record.speakers:
        length += len(name) + (2 if speakers else 0)
        if length > SPEAKER_NAMES_LENGTH:
            if warnings is not None:
                warnings.append(f"{record.source_id}: speakers past {SPEAKER_NAMES_LENGTH} characters were left out")
            break
        speakers.append(name)
    return speakers


@dataclass
class Plan:
    # Each record with its values and, when it differs from its stored row, that row (None: unchanged or new).
    rows: list[tuple[PresentationRecord, dict, Presentation | None]]
    gone: list[Presentation]  # stored, scheduled, and no longer in the source
    gone_cancelled: int  # stored, no longer in the source, and already cancelled


def plan_rows(schedule: ScheduleRecord, conference: Conference, warnings: list[str]) -> Plan:
    """What each record does, reading only each stored row's fingerprint and status first: the rows that
    differ (and those to cancel) are then read whole, in one query."""
    stored = {
        source_id: (pk, fingerprint, status)
        for source_id, pk, fingerprint, status in Presentation.objects.filter(conference=conference).values_list(
            "source_id", "pk", "fingerprint", "status"
        )
    }
    rows, differing = [], set()
    for record in schedule.presentations:
        values = presentation_values(record, warnings)
        row = stored.pop(record.source_id, None)
        if row is None:
            rows.append((record, values, None))
        elif row[1] == fingerprint_of(values):
            rows.append((record, values, UNCHANGED))
        else:
            rows.append((record, values, row[0]))
            differing.add(row[0])
    gone = [pk for pk, _fingerprint, status in stored.values() if status != CANCELLED]
    whole = {p.pk: p for p in Presentation.objects.filter(pk__in=[*differing, *gone])} if differing or gone else {}
    for presentation in whole.values():
        presentation.conference = conference  # change records read its time zone: no query per talk
    # A pk becomes its row; None (new) and UNCHANGED stay what they are.
    rows = [(record, values, whole.get(pk, pk)) for record, values, pk in rows]
    return Plan(rows, [whole[pk] for pk in gone], len(stored) - len(gone))
