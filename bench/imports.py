"""How long reading and importing a schedule takes: FOSDEM 2024 (876 events) and PyCon 2016 over HTTP.

Runs on a throwaway SQLite database (or $DATABASE_URL when set) and writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import functools
import os
import statistics
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("PYCONGUIDE_SHARED_DATA", ROOT.parent / "shared" / "data"))
REPEATS = 5


def setup_django() -> str:
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pyconguide.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def clear() -> None:
    from presentations.models import Conference

    Conference.objects.all().delete()


def fosdem_rows() -> list[str]:
    from scraper.formats import parse_export
    from scraper.importer import import_schedule

    data = (DATA / "frab-xml" / "fosdem-2024-schedule.xml").read_bytes()
    parse, first, second, peer = [], [], [], []
    for _ in range(REPEATS):
        clear()
        seconds, schedule = timed(lambda: parse_export(data))
        parse.append(seconds)
        first.append(timed(functools.partial(import_schedule, schedule))[0])
        second.append(timed(functools.partial(import_schedule, schedule))[0])
        clear()
        peer.append(timed(functools.partial(save_one_by_one, schedule))[0])
    return [
        f"| FOSDEM 2024 XML (876 events): parse | {statistics.median(parse) * 1000:.0f} ms |",
        f"| FOSDEM 2024: first import (all created) | {statistics.median(first) * 1000:.0f} ms |",
        f"| peer: the same 876 presentations saved one by one (`create()`, a version bump each) | "
        f"{statistics.median(peer) * 1000:.0f} ms |",
        f"| FOSDEM 2024: second import (unchanged, writes nothing) | {statistics.median(second) * 1000:.0f} ms |",
    ]


def save_one_by_one(schedule) -> None:
    """What the first import did until 2026-12-02: one `save()` per presentation, each sending its signal."""
    from django.db import transaction

    from presentations.models import Conference, Presentation
    from scraper.import_plan import presentation_values
    from scraper.importer import conference_values

    with transaction.atomic():
        conference = Conference.objects.create(slug=schedule.slug, **conference_values(schedule))
        for record in schedule.presentations:
            values = presentation_values(record)
            Presentation.objects.create(conference=conference, source_id=record.source_id, **values)


def pycon_rows() -> list[str]:
    from scraper.fetch import Fetcher
    from scraper.importer import import_schedule
    from scraper.pycon import scrape_pycon

    handler = functools.partial(Quiet, directory=str(DATA / "pycon-archive"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    scrape, first, requests = [], [], 0
    try:
        for _ in range(REPEATS):
            clear()
            with Fetcher() as fetcher:
                seconds, schedule = timed(lambda f=fetcher: scrape_pycon(2016, base_url=base, fetcher=f))
            scrape.append(seconds)
            requests = schedule.requests
            first.append(timed(functools.partial(import_schedule, schedule))[0])
    finally:
        server.shutdown()
    return [
        f"| PyCon 2016 pages over local HTTP ({requests} requests, 4 at a time): fetch + parse | "
        f"{statistics.median(scrape) * 1000:.0f} ms |",
        f"| PyCon 2016: first import (208 presentations) | {statistics.median(first) * 1000:.0f} ms |",
    ]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    vendor = setup_django()
    load_before = os.getloadavg()[0]
    rows = fosdem_rows() + pycon_rows()
    load_after = os.getloadavg()[0]
    from report import write_section

    body = "\n".join(
        [
            "## Importing schedules (`bench/imports.py`)",
            "",
            f"Median of {REPEATS} runs, database: {vendor}. Load average (1 min) {load_before:.1f} when started,"
            f" {load_after:.1f} when finished: the machine is shared, so read each row against the peer of the"
            " same run.",
            "",
            "| what | time |",
            "| --- | --- |",
            *rows,
        ]
    )
    write_section("imports", body)
    print(body)


if __name__ == "__main__":
    main()
