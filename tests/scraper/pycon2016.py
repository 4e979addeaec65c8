"""What the PyCon US 2016 tests share: the conference's zone, its talks page's address, a time that May."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

PORTLAND = ZoneInfo("America/Los_Angeles")
PAGE = "http://pycon.test/2016/schedule/talks/"


def at(day: int, hour: int, minute: int, month: int = 5) -> datetime:
    return datetime(2016, month, day, hour, minute, tzinfo=PORTLAND)
