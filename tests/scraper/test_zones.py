"""Choosing a conference's time zone from what an export says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from scraper.zones import in_zone, known_zone, zone_from_offsets


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("Europe/Brussels", "Europe/Brussels"),
        (" US/Eastern ", "America/New_York"),
        ("Mars/Olympus", None),
        ("../etc/passwd", None),
        ("", None),
        (None, None),
    ],
)
def test_known_zone(name: str | None, zone: str | None) -> None:
    assert known_zone(name) == zone


@pytest.mark.parametrize(
    ("offset", "zone"),
    [(1, "Etc/GMT-1"), (-4, "Etc/GMT+4"), (0, "UTC"), (5.5, "UTC")],
)
def test_zone_from_offsets(offset: float, zone: str) -> None:
    moment = datetime(2025, 1, 1, 12, tzinfo=timezone(timedelta(hours=offset)))

    assert zone_from_offsets([datetime(2025, 1, 1), moment]) == zone


def test_zone_from_offsets_without_any_is_utc() -> None:
    assert zone_from_offsets([]) == "UTC"


def test_in_zone_keeps_the_instant() -> None:
    moment = datetime(2024, 5, 17, 15, 0, tzinfo=UTC)

    assert in_zone(moment, "America/New_York").isoformat() == "2024-05-17T11:00:00-04:00"
    assert in_zone(datetime(2024, 5, 17, 11, 0), "America/New_York").isoformat() == "2024-05-17T11:00:00-04:00"
