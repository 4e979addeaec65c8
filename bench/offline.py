"""What it costs to make a conference available offline, in real Chromium against a real Daphne.

For PyCon US 2016 and FOSDEM 2024, a signed-in attendee opens the list once: the time until the service
worker has saved the conference (lists and grids per day, every talk page, /me/), the bytes it stored, the
bytes the same answers take gzipped (what GZipMiddleware or a proxy sends), and the browser's storage use.
Peer in the same run: fetching every talk page one request at a time (four at once), the design not
chosen. Then the time to open the list offline, from the saved copy, against opening it online.

    .venv/bin/python bench/offline.py [--repetitions 10] [--port 8170]
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import time
from pathlib import Path

import schedule_page as setup  # noqa: F401  (a throwaway SQLite database and production settings, then Django)
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from report import write_section

from presentations.models import Presentation
from tests.processes import start_server

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"


def start_daphne(port: int) -> subprocess.Popen:
    """Daphne as production runs it (tests/processes.py), over plain HTTP on `port`."""
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "WARNING",
    }
    process, _ = start_server(env, port=port)
    return process


def gzipped_sizes(base: str, slug: str, cookie: str) -> tuple[int, int, int]:
    """Raw and gzipped bytes of everything the worker fetches for `slug`, and how many answers."""
    import requests

    with requests.Session() as http:
        http.cookies.set(settings.SESSION_COOKIE_NAME, cookie)
        copy = http.get(f"{base}/{slug}/offline.json", headers={"Accept-Encoding": "identity"})
        bodies = [copy.content] + [
            http.get(base + url, headers={"Accept-Encoding": "identity"}).content for url in copy.json()["pages"]
        ]
    return sum(map(len, bodies)), sum(len(gzip.compress(body, 6)) for body in bodies), len(bodies)


ONE_BY_ONE = """async (urls) => {
  const began = performance.now(); let bytes = 0; const queue = urls.slice();
  async function next() { const url = queue.shift(); if (!url) return;
    const size = (await (await fetch(url, {credentials: 'same-origin'})).blob()).size;
    bytes += size; return next(); }
  await Promise.all([next(), next(), next(), next()]);
  return {ms: performance.now() - began, bytes};
}"""


def measure(browser, base: str, conference, cookie: str, talks: list[str], repetitions: int) -> dict:
    context = browser.new_context()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    page = context.new_page()
    list_url = f"{base}/{conference.slug}/"
    began = time.perf_counter()
    page.goto(list_url)
    page.wait_for_selector("body[data-offline-saved]", timeout=600_000)
    saved_s = time.perf_counter() - began
    stored = int(page.get_attribute("body", "data-offline-bytes"))
    worker_ms = int(page.get_attribute("body", "data-offline-ms"))
    usage = page.evaluate("navigator.storage.estimate().then(e => e.usage)")
    one_by_one = page.evaluate(ONE_BY_ONE, talks)

    def open_list() -> float:
        began = time.perf_counter()
        page.goto(list_url, wait_until="load")
        return (time.perf_counter() - began) * 1000

    online = [open_list() for _ in range(repetitions)]
    context.set_offline(True)
    page.goto(list_url)
    page.wait_for_selector(".offline-notice")
    offline = [open_list() for _ in range(repetitions)]
    assert page.locator(".offline-notice").count() == 1
    context.close()
    return {
        "talks": len(talks),
        "saved_s": saved_s,
        "worker_ms": worker_ms,
        "stored": stored,
        "usage": usage,
        "one_by_one": one_by_one,
        "online_ms": statistics.median(online),
        "offline_ms": statistics.median(offline),
    }


def mib(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MiB"


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=10)
    parser.add_argument("--port", type=int, default=8170)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    conferences = [setup.load_pycon_2016(), setup.load_fosdem()]
    users = [setup.with_interests(conference) for conference in conferences]
    # The database before the browser: Playwright's event loop makes the ORM refuse this thread.
    cookies, talks = [], []
    for conference, user in zip(conferences, users, strict=True):
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
        pks = Presentation.objects.filter(conference=conference).values_list("pk", flat=True)
        talks.append([f"/talks/{pk}/" for pk in pks])
    daphne = start_daphne(args.port)
    base = f"http://127.0.0.1:{args.port}"
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            for conference, cookie, pages in zip(conferences, cookies, talks, strict=True):
                raw, zipped, answers = gzipped_sizes(base, conference.slug, cookie)
                result = measure(browser, base, conference, cookie, pages, args.repetitions)
                result.update(raw=raw, zipped=zipped, answers=answers, name=conference.name)
                rows.append(result)
                print(conference.slug, result, flush=True)
            browser.close()
    finally:
        daphne.terminate()
        daphne.wait(timeout=10)
    print(write_report(rows, args.repetitions))


def write_report(rows: list[dict], repetitions: int) -> str:
    lines = [
        "## Offline copy of a conference (`bench/offline.py`)",
        "",
        "A signed-in attendee (interests in every seventh talk) opens the list once in headless Chromium, served by "
        "one Daphne process, DEBUG off, SQLite. *Saved* is from the page's navigation until the service worker "
        "reports the conference saved (the worker's own part in brackets); *stored* is what it put in the cache; "
        "*gzipped* is the same answers compressed (what GZipMiddleware or a proxy sends over the network); "
        "*storage* is the browser's estimate for the site. The peer is the design not chosen: every talk page "
        f"as its own request, four at a time. Opening the list: median of {repetitions}, offline from the copy "
        "and online from the server, in the same run.",
        f"Load average when it finished: {os.getloadavg()[0]:.1f}; other work was running on the machine, so "
        "compare the rows with each other rather than with other runs.",
        "",
        "| conference | talk pages | answers | saved | stored | gzipped | storage | talk pages one by one |"
        " open list online | open list offline |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {row['talks']} | {row['answers']} "
            f"| {row['saved_s']:.1f} s ({row['worker_ms'] / 1000:.1f} s) "
            f"| {mib(row['stored'])} | {mib(row['zipped'])} | {mib(row['usage'])} "
            f"| {row['one_by_one']['ms'] / 1000:.1f} s, {mib(row['one_by_one']['bytes'])} "
            f"| {row['online_ms']:.0f} ms | {row['offline_ms']:.0f} ms |"
        )
    body = "\n".join(lines)
    write_section("offline", body)
    return body


if __name__ == "__main__":
    main()
