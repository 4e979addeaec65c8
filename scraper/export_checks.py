"""Reading export bytes safely, and the checks every export parser applies to what it returns."""

from __future__ import annotations

import json
from typing import Any

from scraper.records import PresentationRecord, ScheduleUnreadable


def load_json(data: bytes) -> Any:
    """The parsed JSON document, or ScheduleUnreadable with a one-line reason."""
    if not data.strip():
        raise ScheduleUnreadable("the file is empty")
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
