"""Which export format a file is in, and reading it with the right parser."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from scraper import frab_json, frab_xml, symposion_json
from scraper.export_checks import load_json
from scraper.records import ScheduleRecord, ScheduleUnreadable

Parser = Callable[..., ScheduleRecord]

PARSERS: dict[str, Parser] = {
    "symposion-json": symposion_json.parse,
    "frab-xml": frab_xml.parse,
    "frab-json": frab_json.parse,
}

_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
# A JSON document that is one number, string or constant: valid JSON, but no schedule.
_JSON_SCALAR = re.compile(rb'[-0-9"]|(?:true|false|null)\s*$')


def detect_format(data: bytes) -> str:
    """ "symposion-json", "frab-xml" or "frab-json"; ScheduleUnreadable for anything else."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1000]
    if not head:
        raise ScheduleUnreadable("the file is empty")
    if head.startswith(b"<"):
        if _HTML_START.search(head):
            raise ScheduleUnreadable("this is an HTML page, not a schedule export")
        return "frab-xml"
    if head[:1] in (b"{", b"[") or _JSON_SCALAR.match(head):
        return _json_format(load_json(data))
    raise ScheduleUnreadable("unknown format: neither XML nor JSON")


def _json_format(document: object) -> str:
    if not isinstance(document, dict | list):
        raise ScheduleUnreadable(f"unknown JSON: a single value ({json.dumps(document)[:40]}), not a schedule")
    schedule = document.get("schedule") if isinstance(document, dict) else document
    if isinstance(schedule, dict) and "conference" in schedule:
        return "frab-json"
    if isinstance(schedule, list) and all(isinstance(entry, dict) for entry in schedule):
        return "symposion-json"
    raise ScheduleUnreadable("unknown JSON: neither a frab/pretalx schedule nor a Symposion conference.json")


def parse_export(data: bytes, *, format: str = "auto", source_url: str = "", slug: str | None = None) -> ScheduleRecord:
    """The schedule in `data`, read as `format` ("auto": as detect_format says)."""
    if format == "auto":
        format = detect_format(data)
    if format not in PARSERS:
        raise ScheduleUnreadable(f"unknown format {format!r}: choose one of {', '.join(PARSERS)}")
    return PARSERS[format](data, source_url=source_url, slug=slug)
