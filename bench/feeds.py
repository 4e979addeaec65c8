"""How long the calendar feeds take to answer, measured through Django's test client.

The real PyCon US 2016 schedule (scraped from the shared archive over local HTTP): the whole-conference
feed, one talk's feed, and a personal feed with 100 interests, each fresh (200, built) and revalidated
(304, not built). Runs on a throwaway SQLite database (or $DATABASE_URL when set) and writes its section
of docs/benchmarks.md.
"""

from __future__ import annotations

import functools
import os
import statistics
import threading
import time
from http.server import ThreadingHTTPServer

from imports import DATA, Quiet, setup_django

REQUESTS = 200
INTERESTS = 100


def load_pycon_2016():
    from scraper.fetch import Fetcher
    from scraper.importer import import_schedule
    from scraper.pycon import scrape_pycon

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(DATA / "pycon-archive")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with Fetcher() as fetcher:
            schedule = scrape_pycon(2016, base_url=f"http://127.0.0.1:{server.server_address[1]}", fetcher=fetcher)
    finally:
        server.shutdown()
    return import_schedule(schedule).conference


def personal_feed_with_interests(conference, count: int):
    from django.contrib.auth import get_user_model

    from interests.models import CalendarFeed, Interest
    from presentations.models import Presentation

    user = get_user_model().objects.create_user(username="bench", password="a-long-bench-password")
    talks = (
        Presentation.objects.of(conference)
        .timed()
        .exclude(kind__in=Presentation.NON_INTEREST_KINDS)
        .order_by("start", "pk")[:count]
    )
    Interest.objects.bulk_create([Interest(user=user, presentation=talk) for talk in talks])
    assert Interest.objects.filter(user=user).count() == count, "not enough timed presentations"
    return CalendarFeed.objects.create(user=user, reminder_minutes=10)


MODES = {
    "built": "200, built (empty cache)",
    "cached": "200, from the cache",
    "revalidated": "304 to If-None-Match",
}


def measure(client, url: str, mode: str) -> dict:
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    first = client.get(url)
    headers = {"if-none-match": first["ETag"]} if mode == "revalidated" else {}
    expected = 304 if mode == "revalidated" else 200

    def request():
        if mode == "built":
            cache.clear()
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        return time.perf_counter() - started, response

    reset_queries()  # the import filled DEBUG's bounded query log
    with CaptureQueriesContext(connection) as queries:
        _seconds, response = request()
    assert response.status_code == expected, (url, response.status_code)
    times = sorted(request()[0] for _ in range(REQUESTS))
    return {
        "median": statistics.median(times) * 1000,
        "p95": times[int(len(times) * 0.95) - 1] * 1000,
        "queries": len(queries),
        "events": first.content.count(b"BEGIN:VEVENT"),
        "bytes": len(first.content),
    }


def main() -> None:
    load = os.getloadavg()[0]
    vendor = setup_django()
    from own_context import OwnContextClient as Client

    from presentations.models import Presentation

    conference = load_pycon_2016()
    feed = personal_feed_with_interests(conference, INTERESTS)
    talk = Presentation.objects.of(conference).filter(kind="talk").order_by("start", "pk").first()
    total = Presentation.objects.of(conference).count()
    client = Client()
    cases = [
        (f"personal feed, {INTERESTS} interests", f"/calendar/{feed.token}.ics"),
        (f"whole conference ({total} presentations stored)", f"/{conference.slug}/schedule.ics"),
        ("one talk", f"/talks/{talk.pk}.ics"),
    ]
    rows = []
    for name, url in cases:
        for mode, what in MODES.items():
            result = measure(client, url, mode)
            rows.append(
                f"| {name} | {what} | {result['median']:.1f} ms | {result['p95']:.1f} ms | {result['queries']} | "
                f"{result['events']} events, {result['bytes'] // 1024} KiB |"
            )
    body = "\n".join(
        [
            "## Calendar feeds (`bench/feeds.py`)",
            "",
            f"PyCon US 2016 as scraped from the shared archive; {REQUESTS} requests per row through Django's test",
            f"client (server time, no network), database: {vendor}, cache: Django's default local memory. The",
            "whole-conference feed leaves out breaks, meals and posters without a time. A 304 and a repeated 200",
            "are answered from cheap queries (the conference row; the feed and its aggregate, one query) without",
            "building; building is mostly icalendar's own time adding properties (the text is written by",
            "`presentations/ics_writer.py`).",
            f"Load average when started: {load:.1f} (other work shared the machine; p95 is noisy).",
            "",
            "| feed | answer | median | p95 | queries | size |",
            "| --- | --- | --- | --- | --- | --- |",
            *rows,
        ]
    )
    from report import write_section

    write_section("feeds", body)
    print(body)


if __name__ == "__main__":
    main()
