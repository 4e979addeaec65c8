"""Control characters taken out of a schedule's texts before it is imported.

NUL and the other C0 controls (tab and line breaks excepted) have no place in a schedule; a hostile or
broken file may still hold them. PostgreSQL refuses NUL in text and SQLite would store it, so the importer
cleans every text of the records first: both databases then get the same, printable, text, and each
removal is a warning the command prints. Almost every schedule holds none: one search over all its texts
says so, and only then is the schedule rebuilt without them.
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, datetime

from scraper.records import PresentationRecord, ScheduleRecord
from security.middleware import CONTROL

# Values `_collect_texts` passes over (no text in them).
NOT_TEXT = frozenset({type(None), bool, int, float, date, datetime})
CONTROL_BYTES = bytes(code for code in range(128) if CONTROL.match(chr(code)))


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
    try:
        joined = "\n".join(_texts(schedule))
    except TypeError:  # a tuple or list that holds more than text: every value walked, one by one
        texts: list[str] = []
        _collect_texts(schedule, texts)
        joined = "\n".join(texts)
    # In UTF-8 a byte below 0x80 is only ever that ASCII character, so deleting the control bytes changes the
    # length exactly when a control character is there: three times quicker than CONTROL.search on the text.
    encoded = joined.encode("utf-8", "surrogatepass")
    return len(encoded.translate(None, CONTROL_BYTES)) != len(encoded)


def _texts(schedule: ScheduleRecord) -> list:
    """The texts `_collect_texts` finds, the records' fields read in one loop instead of a call each (FOSDEM:
    6,424 calls). A tuple or list is taken as texts; `_holds_controls` walks it all when one is not."""
    texts = []
    for record in schedule.presentations:
        if type(record) is not PresentationRecord:
            _collect_texts(record, texts)
            continue
        for item in vars(record).values():
            kind = type(item)
            if kind is str:
                texts.append(item)
            elif kind is tuple or kind is list:
                texts.extend(item)
            elif kind not in NOT_TEXT:
                _collect_texts(item, texts)
    for name, item in vars(schedule).items():
        if name != "presentations":
            _collect_texts(item, texts)
    return texts


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
