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
REPEATS = 3


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
    parse, first, second = [], [], []
    for _ in range(REPEATS):
        clear()
        seconds, schedule = timed(lambda: parse_export(data))
        parse.append(seconds)
        first.append(timed(functools.partial(import_schedule, schedule))[0])
        second.append(timed(functools.partial(import_schedule, schedule))[0])
    return [
        f"| FOSDEM 2024 XML (876 events): parse | {statistics.median(parse) * 1000:.0f} ms |",
        f"| FOSDEM 2024: first import (all created) | {statistics.median(first) * 1000:.0f} ms |",
        f"| FOSDEM 2024: second import (unchanged, writes nothing) | {statistics.median(second) * 1000:.0f} ms |",
    ]


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
    rows = fosdem_rows() + pycon_rows()
    from report import write_section

    body = "\n".join(
        [
            "## Importing schedules (`bench/imports.py`)",
            "",
            f"Median of {REPEATS} runs, database: {vendor}.",
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
