"""Control characters taken out of a schedule's texts before it is imported.

NUL and the other C0 controls (tab and line breaks excepted) have no place in a schedule; a hostile or
broken file may still hold them. PostgreSQL refuses NUL in text and SQLite would store it, so the importer
cleans every text of the records first: both databases then get the same, printable, text, and each
removal is a warning the command prints. Almost every schedule holds none: one search over all its texts
says so, and only then is the schedule rebuilt without them.
"""

from __future__ import annotations

from dataclasses import fields, replace

from scraper.records import PresentationRecord, ScheduleRecord
from security.middleware import CONTROL


def printable(schedule: ScheduleRecord, warnings: list[str]) -> ScheduleRecord:
    """`schedule` without control characters in any text, each removal noted in `warnings`."""
    if not _holds_controls(schedule):
        return schedule
    presentations = []
    for record in schedule.presentations:
        cleaned = _without_controls(record)
        if cleaned != record:
            changed = [f.name for f in fields(record) if getattr(cleaned, f.name) != getattr(record, f.name)]
            warnings.append(f"{cleaned.source_id}: control characters removed from {', '.join(changed)}")
        presentations.append(cleaned)
    cleaned = _without_controls(replace(schedule, presentations=[]))
    if cleaned != replace(schedule, presentations=[]):
        warnings.append("control characters removed from the conference's own fields")
    return replace(cleaned, presentations=presentations)


def _holds_controls(schedule: ScheduleRecord) -> bool:
    """Whether any text of `schedule` (its records' included) has a control character."""
    texts: list[str] = []
    _collect_texts(schedule, texts)
    return CONTROL.search("\n".join(texts)) is not None


def _collect_texts(value, texts: list[str]) -> None:
    if isinstance(value, str):
        texts.append(value)
    elif isinstance(value, tuple | list):
        for item in value:
            _collect_texts(item, texts)
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect_texts(key, texts)
            _collect_texts(item, texts)
    elif isinstance(value, PresentationRecord | ScheduleRecord):
        for item in vars(value).values():
            if isinstance(item, str):
                texts.append(item)
            else:
                _collect_texts(item, texts)


def _without_controls(value):
    if isinstance(value, str):
        return CONTROL.sub("", value)
    if isinstance(value, tuple | list):
        return type(value)(_without_controls(item) for item in value)
    if isinstance(value, dict):
        return {_without_controls(key): _without_controls(item) for key, item in value.items()}
    if isinstance(value, PresentationRecord | ScheduleRecord):
        return replace(value, **{f.name: _without_controls(getattr(value, f.name)) for f in fields(value)})
    return value
