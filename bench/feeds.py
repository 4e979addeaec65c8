"""How long the calendar feeds take to answer, measured through Django's test client.

The real PyCon US 2016 schedule (scraped from the shared archive over local HTTP): the whole-conference
feed, one talk's feed, and a personal feed with 100 interests, each fresh (200, built) and revalidated
(304, not built). Runs on a throwaway SQLite database (or $DATABASE_URL when set) and writes its section
of docs/benchmarks.md. With `--against DIR` (another checkout with its own .venv, e.g. an older commit),
each checkout's own code runs in its own process and the two are asked in turn, a batch at a time.

    .venv/bin/python bench/feeds.py [--against ../old-checkout]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

from imports import DATA, ROOT, Quiet, setup_django
from report import checkout_label, write_section

REQUESTS = 200
BATCH = 20
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


class Case:
    """One feed in one mode, in the checkout this process runs: its first answer's facts, then timings."""

    def __init__(self, client, url: str, mode: str) -> None:
        from django.core.cache import cache
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        self.client, self.url, self.mode = client, url, mode
        cache.clear()
        first = client.get(url)
        self.headers = {"if-none-match": first["ETag"]} if mode == "revalidated" else {}
        reset_queries()  # the import filled DEBUG's bounded query log
        with CaptureQueriesContext(connection) as queries:
            _seconds, response = self.request()
        expected = 304 if mode == "revalidated" else 200
        assert response.status_code == expected, (url, response.status_code)
        self.facts = {
            "queries": len(queries),
            "events": first.content.count(b"BEGIN:VEVENT"),
            "bytes": len(first.content),
        }

    def request(self):
        from django.core.cache import cache

        if self.mode == "built":
            cache.clear()
        started = time.perf_counter()
        response = self.client.get(self.url, headers=self.headers)
        return time.perf_counter() - started, response


def serve() -> None:
    """This checkout's half: load, make every case, say so; then time `index count` requests as asked."""
    with contextlib.redirect_stdout(sys.stderr):
        vendor = setup_django()
        from own_context import OwnContextClient as Client

        from presentations.models import Presentation

        conference = load_pycon_2016()
        feed = personal_feed_with_interests(conference, INTERESTS)
        talk = Presentation.objects.of(conference).filter(kind="talk").order_by("start", "pk").first()
        total = Presentation.objects.of(conference).count()
        client = Client()
        feeds = [
            (f"personal feed, {INTERESTS} interests", f"/calendar/{feed.token}.ics"),
            (f"whole conference ({total} presentations stored)", f"/{conference.slug}/schedule.ics"),
            ("one talk", f"/talks/{talk.pk}.ics"),
        ]
        cases = [(name, mode, Case(client, url, mode)) for name, url in feeds for mode in MODES]
    facts = [{"feed": name, "mode": mode, **case.facts} for name, mode, case in cases]
    print(json.dumps({"vendor": vendor, "cases": facts}), flush=True)
    for line in sys.stdin:
        index, count = map(int, line.split())
        print(json.dumps([cases[index][2].request()[0] for _ in range(count)]), flush=True)


class Served:
    """`tree`'s own Python running this script's `--serve` half, for the length of the run."""

    def __init__(self, tree: Path) -> None:
        command = [str(tree / ".venv/bin/python"), str(tree / "bench" / "feeds.py"), "--serve"]
        self.process = subprocess.Popen(
            command, cwd=tree, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        self.ready = json.loads(self.process.stdout.readline())
        self.label = checkout_label(tree)

    def time(self, index: int, count: int) -> list[float]:
        self.process.stdin.write(f"{index} {count}\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def cell(times: list[float]) -> str:
    times = sorted(times)
    return f"{statistics.median(times) * 1000:.1f} ms | {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, help="another checkout, with its own .venv, timed beside this one")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return
    load = os.getloadavg()[0]
    servers = [Served(tree) for tree in [ROOT, *([args.against.resolve()] if args.against else [])]]
    cases = servers[0].ready["cases"]
    times = [[[] for _ in cases] for _ in servers]
    # Each checkout in turn, BATCH requests at a time, so that what else the machine does weighs on both.
    for round_ in range(REQUESTS // BATCH):
        for index in range(len(cases)):
            for number in range(len(servers)) if round_ % 2 == 0 else reversed(range(len(servers))):
                times[number][index] += servers[number].time(index, BATCH)
    for server in servers:
        server.close()
    heads = " | ".join(f"{server.label} median | p95" for server in servers)
    rows = [
        f"| {case['feed']} | {MODES[case['mode']]} | "
        + " | ".join(cell(times[number][index]) for number in range(len(servers)))
        + f" | {case['queries']} | {case['events']} events, {case['bytes'] // 1024} KiB |"
        for index, case in enumerate(cases)
    ]
    body = "\n".join(
        [
            "## Calendar feeds (`bench/feeds.py`)",
            "",
            f"PyCon US 2016 as scraped from the shared archive; {REQUESTS} requests per row through Django's test",
            f"client (server time, no network), database: {servers[0].ready['vendor']}, cache: Django's default "
            "local memory. The",
            "whole-conference feed leaves out breaks, meals and posters without a time. A 304 and a repeated 200",
            "are answered from cheap queries (the conference row; the feed and its aggregate, one query) without",
            "building; building is mostly icalendar's own time adding properties (the text is written by",
            "`presentations/ics_writer.py`). Each checkout runs in its own process (with `--against`, an older",
            f"one beside this one), asked in turn, {BATCH} requests at a time; queries and size are this one's.",
            f"Load average when started: {load:.1f} (other work shared the machine; p95 is noisy).",
            "",
            f"| feed | answer | {heads} | queries | size |",
            "| --- | --- | " + " | ".join("--- | ---" for _ in servers) + " | --- | --- |",
            *rows,
        ]
    )
    write_section("feeds", body)
    print(body)


if __name__ == "__main__":
    main()
