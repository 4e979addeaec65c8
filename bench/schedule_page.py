"""Server time and query count of the schedule pages, for PyCon US 2016 and FOSDEM 2024.

Runs Django in this process against a throwaway SQLite database (DEBUG off, as in production), renders
each page many times through the test client and writes the median and 95th percentile to
docs/benchmarks.md (its own section, through bench/report.py; the rest of the file is kept).

    .venv/bin/python bench/schedule_page.py [--repetitions 50]
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKDIR = tempfile.mkdtemp(prefix="pyconguide-bench-")

# A fresh database and production-like settings, before Django is imported.
os.environ.update(
    DATABASE_URL=f"sqlite:///{WORKDIR}/bench.sqlite3",
    DEBUG="0",
    SECRET_KEY="benchmark-only-not-a-secret-" + "x" * 40,
    ALLOWED_HOSTS="testserver",
    DJANGO_SETTINGS_MODULE="pyconguide.settings",
)
os.environ.pop("REDIS_URL", None)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from own_context import OwnContextClient as Client  # noqa: E402  (bench/own_context.py)
from report import write_section  # noqa: E402  (bench/report.py, beside this script)

from interests.models import Interest  # noqa: E402
from presentations.models import Presentation  # noqa: E402
from scraper.fetch import Fetcher  # noqa: E402
from scraper.importer import import_schedule  # noqa: E402
from scraper.pycon import scrape_pycon  # noqa: E402


def shared_data() -> Path:
    configured = os.environ.get("PYCONGUIDE_SHARED_DATA")
    return Path(configured) if configured else ROOT.parent / "shared" / "data"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass  # the archive lacks some detail pages on purpose; the scraper reports them


def load_pycon_2016():
    """Scrape the archived 2016 pages over real HTTP, as in the browser tests."""
    handler = functools.partial(QuietHandler, directory=str(shared_data() / "pycon-archive"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        with Fetcher() as fetcher:
            schedule = scrape_pycon(2016, base_url=f"http://127.0.0.1:{server.server_address[1]}", fetcher=fetcher)
    finally:
        server.shutdown()
        server.server_close()
    return import_schedule(schedule).conference


def load_fosdem():
    """FOSDEM 2024 from its real frab XML export: 876 events, 29 rooms in use, 65 tracks."""
    from scraper.formats import parse_export

    data = (shared_data() / "frab-xml" / "fosdem-2024-schedule.xml").read_bytes()
    return import_schedule(parse_export(data)).conference


def with_interests(conference, users: int = 20) -> object:
    """Twenty attendees who each marked every seventh presentation; the first one is returned."""
    model = get_user_model()
    people = [model.objects.create(username=f"{conference.slug}-{n}") for n in range(users)]
    talks = list(Presentation.objects.filter(conference=conference).order_by("pk"))
    Interest.objects.bulk_create(
        Interest(user=person, presentation=talk) for i, person in enumerate(people) for talk in talks[i % 7 :: 7]
    )
    return people[0]


def busiest_day(conference) -> date:
    starts = Presentation.objects.filter(conference=conference).exclude(start=None).values_list("start", flat=True)
    days = Counter(start.astimezone(conference.tzinfo).date() for start in starts)
    return days.most_common(1)[0][0]


def measure(client: Client, url: str, repetitions: int) -> dict:
    client.get(url, secure=True)  # warm the template cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    assert response.status_code == 200, (url, response.status_code)
    # Count now: the captured list is read from the connection's log, which the next request clears.
    query_count = len(queries)
    timings = []
    for _ in range(repetitions):
        began = time.perf_counter()
        client.get(url, secure=True)
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    return {
        # Production settings redirect plain HTTP to HTTPS: ask as a browser behind TLS would.
        "median": statistics.median(timings),
        "p95": timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)],
        "queries": query_count,
        "kib": len(response.content) / 1024,
    }


def write_report(rows: list[tuple], repetitions: int) -> str:
    lines = [
        "## Schedule pages (`bench/schedule_page.py`)",
        "",
        f"Server time of one request through Django's test client (no network), {repetitions} repetitions after a "
        "warm-up, DEBUG off, SQLite. Signed in: a user with interests in every seventh presentation.",
        f"Load average when it finished: {os.getloadavg()[0]:.1f}. The machine is shared with other test runs: "
        "trust the medians; the p95 column also measures the neighbours.",
        "",
        "| conference | presentations | page | visitor | median ms | p95 ms | queries | KiB |",
        "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for name, size, page, who, result in rows:
        lines.append(
            f"| {name} | {size} | `{page}` | {who} | {result['median']:.1f} | {result['p95']:.1f} "
            f"| {result['queries']} | {result['kib']:.0f} |"
        )
    body = "\n".join(lines)
    write_section("schedule_page", body)
    return body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=50)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    rows = []
    for conference in (load_pycon_2016(), load_fosdem()):
        user = with_interests(conference)
        size = Presentation.objects.filter(conference=conference).count()
        day = busiest_day(conference).isoformat()
        signed_in = Client()
        signed_in.force_login(user)
        for page in (f"/{conference.slug}/", f"/{conference.slug}/?mine=1", f"/{conference.slug}/grid/?day={day}"):
            for who, client in (("anonymous", Client()), ("signed in", signed_in)):
                if "mine" in page and who == "anonymous":
                    continue
                result = measure(client, page, args.repetitions)
                rows.append((conference.name, size, page, who, result))
                print(
                    f"{conference.slug:14} {page:40} {who:10} median {result['median']:7.1f} ms  "
                    f"p95 {result['p95']:7.1f} ms  {result['queries']} queries",
                    flush=True,
                )
    print(write_report(rows, args.repetitions))


if __name__ == "__main__":
    main()
