"""Sizes and times of FOSDEM 2024's whole-conference feed and its schedule.xml / schedule.frab.json exports.

FOSDEM 2024 (876 events) imported from the shared data; each document first built (empty cache), then from
the cache, then revalidated (304), through Django's test client (server time, no network). The peer in the
same run is `/<slug>/schedule.json` (no cache, built every time), and the floor for size is the feed as it
was before descriptions were shortened, built in the same run. Runs on a throwaway SQLite database (or
$DATABASE_URL when set) and writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import gzip
import os
import statistics
import time
from datetime import UTC, datetime

from imports import DATA, setup_django

REPEATS = {"built": 5, "cached": 50, "revalidated": 50}
MODES = {
    "built": "200, first build (empty cache)",
    "cached": "200, from the cache",
    "revalidated": "304 to If-None-Match",
}


def import_fosdem():
    from scraper.formats import parse_export
    from scraper.importer import import_schedule

    data = (DATA / "frab-xml" / "fosdem-2024-schedule.xml").read_bytes()
    return import_schedule(parse_export(data, slug="fosdem-2024")).conference


def measure(client, url: str, mode: str) -> dict:
    from django.core.cache import cache

    cache.clear()
    first = client.get(url)
    headers = {"if-none-match": first["ETag"]} if mode == "revalidated" and first.has_header("ETag") else {}

    def request() -> float:
        if mode == "built":
            cache.clear()
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        elapsed = time.perf_counter() - started
        assert response.status_code == (304 if headers else 200), (url, response.status_code)
        return elapsed

    times = sorted(request() for _ in range(REPEATS[mode]))
    return {
        "median": statistics.median(times) * 1000,
        "max": times[-1] * 1000,
        "bytes": len(first.content),
        "gzip": len(gzip.compress(first.content, compresslevel=6)),
    }


def full_text_feed_size(conference) -> int:
    """The whole-conference feed with whole descriptions, as it was before: the size to compare against."""
    from presentations.calendar import build_calendar
    from presentations.feeds import conference_feed_presentations

    return len(
        build_calendar(
            conference_feed_presentations(conference),
            name=conference.name,
            timezone_name=conference.timezone,
            page_url=lambda p: f"http://testserver/talks/{p.pk}/",
        )
    )


def main() -> None:
    load = os.getloadavg()[0]
    vendor = setup_django()
    from own_context import OwnContextClient as Client

    conference = import_fosdem()
    client = Client()
    slug = conference.slug
    cases = [
        ("schedule.ics (whole conference)", f"/{slug}/schedule.ics", MODES),
        ("schedule.xml", f"/{slug}/schedule.xml", MODES),
        ("schedule.frab.json", f"/{slug}/schedule.frab.json", MODES),
        ("peer: schedule.json (never cached)", f"/{slug}/schedule.json", {"built": MODES["built"]}),
    ]
    rows = []
    for name, url, modes in cases:
        for mode, what in modes.items():
            result = measure(client, url, mode)
            size = f"{result['bytes'] / 1000:.0f} kB (gzip {result['gzip'] / 1000:.0f} kB)"
            rows.append(f"| {name} | {what} | {result['median']:.1f} ms | {result['max']:.1f} ms | {size} |")
    before = full_text_feed_size(conference)
    body = "\n".join(
        [
            "## FOSDEM feed and exports (`bench/exports.py`)",
            "",
            f"FOSDEM 2024 imported from the shared data (876 events, 35 rooms), {datetime.now(UTC):%H:%M} UTC;",
            f"database: {vendor}, cache: Django's local memory. Requests through Django's test client (server time,",
            f"no network): {REPEATS['built']} first builds, {REPEATS['cached']} cached and {REPEATS['revalidated']} "
            "304s per row.",
            f"Load average when started: {load:.1f}: other helpers' test suites shared the machine, so read the",
            "times against the peer row of the same run, not as absolute figures.",
            "",
            "| document | answer | median | slowest | size |",
            "| --- | --- | --- | --- | --- |",
            *rows,
            "",
            f"The same feed with whole descriptions, as before they were cut to their first paragraph: "
            f"{before / 1000:.0f} kB. gzip sizes are what a client sending `Accept-Encoding: gzip` gets once",
            "compression is on (level 6, as Django's GZipMiddleware); FOSDEM's own schedule.xml is 2,139 kB.",
            "A first build of the feed is almost all icalendar's own time; every later request for the same data",
            "is a cache read or a 304 until the schedule changes.",
        ]
    )
    from report import write_section

    write_section("exports", body)
    print(body)


if __name__ == "__main__":
    main()
