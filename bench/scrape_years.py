"""`manage.py scrape` for every PyCon US year in the shared archive, from a local server: the first scrape
(everything created) and a re-scrape of the unchanged site (writes nothing), with the requests each made.

Floor, in the same run: fetching exactly the pages the scrape fetched, with the same client and nothing
else (no parsing, no database). What a scrape takes beyond that floor is the scraper's own work.
Each timed run starts after a full garbage collection, so that one made due by earlier work (the process's
start-up: some 80 ms, in whichever year runs first) does not land in it; timeit goes further and turns the
collector off.
Runs on a throwaway SQLite database (or $DATABASE_URL when set) and writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
import threading
from http.server import ThreadingHTTPServer
from io import StringIO

from imports import DATA, Quiet, setup_django, timed

YEARS = sorted(int(path.name) for path in (DATA / "pycon-archive").iterdir() if path.name.isdigit())


class Counting(Quiet):
    paths: list[str] = []
    lock = threading.Lock()

    def do_GET(self) -> None:
        with self.lock:
            self.paths.append(self.path)
        super().do_GET()


def scrape(year: int, base: str) -> tuple[float, int, str]:
    from django.core.management import call_command

    Counting.paths.clear()
    gc.collect()
    out = StringIO()
    seconds, _ = timed(
        lambda: call_command("scrape", "--year", str(year), "--base-url", base, stdout=out, stderr=StringIO())
    )
    return seconds, len(Counting.paths), out.getvalue().splitlines()[-1]


def floor(base: str, paths: list[str]) -> float:
    from scraper.fetch import Fetcher

    gc.collect()
    with Fetcher() as fetcher:
        return timed(lambda: fetcher.get_many(base + path for path in paths))[0]


def main() -> None:
    vendor = setup_django()
    handler = functools.partial(Counting, directory=str(DATA / "pycon-archive"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    load = os.getloadavg()[0]
    rows = []
    try:
        for year in YEARS:
            first, requests, summary = scrape(year, base)
            fetch_floor = floor(base, list(Counting.paths))
            again, requests_again, summary_again = scrape(year, base)
            rows.append(
                f"| {year} | {first * 1000:.0f} ms | {requests} | {fetch_floor * 1000:.0f} ms | {summary} |"
                f" {again * 1000:.0f} ms | {requests_again} | {summary_again} |"
            )
            print(rows[-1], flush=True)
    finally:
        server.shutdown()
    from report import write_section

    body = "\n".join(
        [
            "## Scraping every archived PyCon US year (`bench/scrape_years.py`)",
            "",
            f"One run each of `manage.py scrape --year Y` against a local static server over ../shared/data,"
            f" each after a full garbage collection, database: {vendor}; the floor is fetching the same pages with"
            " the same client (4 at a time) and"
            " nothing else. The re-scrape reads an unchanged site and writes nothing. Requests include the"
            " 404s a partial archive answers. Load average when started:"
            f" {load:.1f} (other helpers' test runs shared the 2 cores: times are noisy, compare with the floor).",
            "",
            "| year | first scrape | requests | fetch floor | summary | re-scrape | requests | summary |",
            "| --- | ---: | ---: | ---: | --- | ---: | ---: | --- |",
            *rows,
        ]
    )
    write_section("scrape_years", body)
    print(body)


if __name__ == "__main__":
    sys.exit(main())
