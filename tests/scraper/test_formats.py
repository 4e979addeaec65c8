"""Telling the three export formats apart, and reading each through one entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.formats import detect_format, parse_export
from scraper.records import ScheduleUnreadable

EXPORTS = {
    "frab-xml": "frab-xml/fosdem-2024-schedule.xml",
    "frab-json": "schedule-json/pretalx-rc3-channels-2020.json",
    "symposion-json": "pycon-archive/2024/schedule/conference.json",
}


@pytest.fixture(scope="module")
def exports(shared_data: Path) -> dict[str, Path]:
    return {name: shared_data / path for name, path in EXPORTS.items()}


@pytest.mark.parametrize("format_name", sorted(EXPORTS))
def test_detect_format_real_exports(format_name: str, exports) -> None:
    assert detect_format(exports[format_name].read_bytes()) == format_name


def test_parse_export_auto_reads_each_real_export(exports) -> None:
    counts = {name: parse_export(path.read_bytes()) for name, path in exports.items()}

    assert {name: (s.slug, len(s.presentations)) for name, s in counts.items()} == {
        "frab-xml": ("fosdem-2024", 876),
        "frab-json": ("rc3-channels-2020", 48),
        "symposion-json": ("pycon-2024", 236),
    }


def test_parse_export_named_format_and_options_are_passed_on(exports) -> None:
    schedule = parse_export(
        exports["frab-json"].read_bytes(), format="frab-json", source_url="file:///rc3.json", slug="rc3"
    )

    assert (schedule.slug, schedule.source_url) == ("rc3", "file:///rc3.json")


def test_detect_format_bom_and_leading_space() -> None:
    assert detect_format(b'\xef\xbb\xbf\n  {"schedule": {"conference": {}}}') == "frab-json"
    assert detect_format(b"\n<schedule/>") == "frab-xml"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n", "the file is empty"),
        (b"garbage, not a schedule", "unknown format: neither XML nor JSON"),
        (b"\x89PNG\r\n\x1a\n", "unknown format: neither XML nor JSON"),
        (b"<!DOCTYPE html>\n<html><body></body></html>", "this is an HTML page, not a schedule export"),
        (b'{"talks": []}', "unknown JSON: neither a frab/pretalx schedule nor a Symposion conference.json"),
        (b"42\n", "unknown JSON: a single value (42), not a schedule"),
        (b'"schedule"', 'unknown JSON: a single value ("schedule"), not a schedule'),
        (b"null", "unknown JSON: a single value (null), not a schedule"),
        (b"nonsense", "unknown format: neither XML nor JSON"),
        (b"[1, 2]", "unknown JSON: neither a frab/pretalx schedule nor a Symposion conference.json"),
        (b'{"schedule": [', "not valid JSON (truncated?)"),
    ],
)
def test_detect_format_garbage(data: bytes, reason: str) -> None:
    with pytest.raises(ScheduleUnreadable) as caught:
        detect_format(data)

    assert str(caught.value).startswith(reason)


def test_detect_format_real_html_page(shared_data) -> None:
    # The archive's pages start with HTTrack's "Mirrored from" comment before the doctype.
    page = (shared_data / "pycon-archive" / "2024" / "schedule" / "talks" / "index.html").read_bytes()

    with pytest.raises(ScheduleUnreadable, match="this is an HTML page, not a schedule export"):
        detect_format(page)


def test_parse_export_unknown_format_name() -> None:
    with pytest.raises(ScheduleUnreadable, match="unknown format 'ical': choose one of symposion-json, frab-xml"):
        parse_export(b"{}", format="ical")


def test_parse_export_wrong_format_named_is_unreadable(exports) -> None:
    with pytest.raises(ScheduleUnreadable, match="not well-formed XML"):
        parse_export(exports["frab-json"].read_bytes(), format="frab-xml")
