"""Records as a parser returns them, for tests that import schedules without parsing one."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from scraper.records import PresentationRecord

PORTLAND = ZoneInfo("America/Los_Angeles")


def talk(source_id: str = "1658", **fields) -> PresentationRecord:
    """PyCon US 2016's talk 1658 as scraped; `fields` override any value."""
    values = {
        "title": "Machete-mode debugging",
        "kind": "talk",
        "speakers": ("Ned Batchelder",),
        "category": "Best Practices & Patterns",
        "audience": "Intermediate",
        "room": "Oregon Ballroom 201–202",
        "start": datetime(2016, 5, 30, 10, 50, tzinfo=PORTLAND),
        "end": datetime(2016, 5, 30, 11, 20, tzinfo=PORTLAND),
        "description": "Hacking your way out of trouble.",
        "abstract": "Long.",
        "url": "https://us.pycon.org/2016/schedule/presentation/1658/",
    }
    values.update(fields)
    return PresentationRecord(source_id=source_id, **values)
