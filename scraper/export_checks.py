"""Reading export bytes safely, the plain values every export parser reads, and the checks each applies
to what it returns.

Caps, checked before parsing: an export larger than MAX_EXPORT_BYTES, or nested deeper than MAX_DEPTH,
is refused with one line. Real exports are a few megabytes (FOSDEM 2024: 2.1 MB) and a few levels deep
(frab JSON: 8); a 200 MB file took 1.9 GB to parse, a 100,000-deep one crashed the JSON reader.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from scraper.records import PresentationRecord, ScheduleUnreadable

MAX_EXPORT_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64
# A JSON string, escapes included. Written as runs of plain bytes between escapes ("unrolled"), not as one
# alternation per byte: the same matches, four times faster (14 ms → 3 ms on PyCon 2024's 0.5 MB export).
_JSON_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def check_size(size: int) -> None:
    if size > MAX_EXPORT_BYTES:
        raise ScheduleUnreadable(
            f"the file is {size / 1024 / 1024:.0f} MB, larger than the {MAX_EXPORT_BYTES // 1024 // 1024} MB"
            " an export may be; not read"
        )


def check_json_depth(data: bytes) -> None:
    """ScheduleUnreadable when arrays and objects nest deeper than MAX_DEPTH (strings do not count)."""
    brackets = _JSON_STRINGS.sub(b'""', data).translate(None, _NOT_BRACKETS)
    depth = 0
    for byte in brackets:
        depth += 1 if byte in b"[{" else -1
        if depth > MAX_DEPTH:
            raise ScheduleUnreadable(f"the JSON nests deeper than {MAX_DEPTH} levels; not read")


def load_json(data: bytes) -> Any:
    """The parsed JSON document, or ScheduleUnreadable with a one-line reason."""
    if not data.strip():
        raise ScheduleUnreadable("the file is empty")
    check_size(len(data))
    check_json_depth(data)
    try:
        return json.loads(data)
    except UnicodeDecodeError as error:
        raise ScheduleUnreadable(f"not UTF-8 text: {error.reason} at byte {error.start}") from error
    except json.JSONDecodeError as error:
        raise ScheduleUnreadable(
            f"not valid JSON (truncated?): {error.msg} at line {error.lineno} column {error.colno}"
        ) from error


def unique_presentations(presentations: list[PresentationRecord], failures: list[str]) -> list[PresentationRecord]:
    """The presentations with each source_id once, the first kept; the others noted as failures.

    The importer keys on source_id, so a second record with the same id would silently overwrite the first.
    """
    seen: set[str] = set()
    unique = []
    for presentation in presentations:
        if presentation.source_id in seen:
            failures.append(f"duplicate id {presentation.source_id}: {presentation.title!r} skipped")
            continue
        seen.add(presentation.source_id)
        unique.append(presentation)
    return unique


def require_presentations(presentations: list[PresentationRecord], failures: list[str]) -> None:
    """An export with no readable event is refused: importing it would mark every talk cancelled."""
    if not presentations:
        reason = f" ({failures[0]})" if failures else ""
        raise ScheduleUnreadable(f"no readable events in the schedule{reason}")


def as_text(value: Any) -> str:
    """A scalar as text; "" for None and for objects or lists where a scalar belongs."""
    return "" if value is None or isinstance(value, (dict, list)) else str(value)


def as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(as_text(value).strip()[:10])
    except ValueError:
        return None


def as_datetime(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(as_text(value).strip())
    except ValueError:
        return None
