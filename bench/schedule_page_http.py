"""The schedule pages and feeds over HTTP, through one Daphne, as browsers and calendar apps get them.

bench/schedule_page.py times the pages through Django's test client, in one process; this one times what a
browser waits for: a request on a kept-alive connection to a Daphne serving the site (DEBUG off, SQLite,
gzip accepted), the first three answers dropped; PyCon US 2016 and FOSDEM 2024. The signed-in person's feed
and the first talk's are asked for as a calendar app asks again: in full, and with the last ETag (a 304).
With `--against DIR` (another checkout of this repository with its own .venv, e.g. an older commit), both
are measured in turn, pass after pass, each with its own code, loaders and database, and both are written
to docs/benchmarks.md.

    .venv/bin/python bench/schedule_page_http.py [--repetitions 40] [--passes 2] [--against ../old-checkout]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(repetitions: int) -> dict:
    """In the checkout that is the current directory, with its own code: load, serve, time."""
    tree = Path.cwd()
    sys.argv = sys.argv[:1]
    sys.path.insert(0, str(tree / "bench"))
    import schedule_page  # that checkout's: it sets up Django on a fresh SQLite database
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from interests.models import CalendarFeed
    from presentations.models import Presentation

    call_command("migrate", verbosity=0)
    pages = []
    for load in (schedule_page.load_pycon_2016, schedule_page.load_fosdem):
        conference = load()
        signed_in = Client()
        person = schedule_page.with_interests(conference)
        signed_in.force_login(person)
        cookie = f"sessionid={signed_in.cookies['sessionid'].value}"
        feed = f"/calendar/{CalendarFeed.objects.create(user=person).token}.ics"
        talk = Presentation.objects.filter(conference=conference).exclude(start=None).order_by("start", "pk")[0]
        slug = conference.slug
        pages += [
            (conference.name, f"/{slug}/", "visitor", f"/{slug}/", "", False),
            (conference.name, f"/{slug}/", "signed in", f"/{slug}/", cookie, False),
            (conference.name, f"/{slug}/?mine=1", "signed in", f"/{slug}/?mine=1", cookie, False),
            (conference.name, "/calendar/<token>.ics", "calendar app", feed, "", False),
            (conference.name, "/calendar/<token>.ics, 304", "calendar app", feed, "", True),
            (conference.name, "/talks/<pk>.ics", "calendar app", f"/talks/{talk.pk}.ics", "", False),
            (conference.name, "/talks/<pk>.ics, 304", "calendar app", f"/talks/{talk.pk}.ics", "", True),
        ]
    connection.close()
    with daphne(tree) as port:
        return {
            f"{name}|{label}|{who}": timed(port, path, cookie, repetitions, revalidate)
            for name, label, who, path, cookie, revalidate in pages
        }


class daphne:
    def __init__(self, tree: Path) -> None:
        self.tree = tree

    def __enter__(self) -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = dict(os.environ, DEBUG="0", ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0")
        env.update(SESSION_COOKIE_SECURE="0", DJANGO_SETTINGS_MODULE="pyconguide.settings")
        env.pop("REDIS_URL", None)
        command = [str(self.tree / ".venv/bin/daphne"), "-b", "127.0.0.1", "-p", str(self.port)]
        command += ["--access-log", "/dev/null", "pyconguide.asgi:application"]
        self.process = subprocess.Popen(command, cwd=self.tree, env=env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return self.port
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("Daphne did not start")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait()


def timed(port: int, path: str, cookie: str, repetitions: int, revalidate: bool = False) -> dict:
    """The median of `repetitions` GETs after three; with `revalidate`, each sends the first one's ETag."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"Accept-Encoding": "gzip", **({"Cookie": cookie} if cookie else {})}

    def get(expected: int = 200) -> int:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        assert response.status == expected, (path, response.status)
        if revalidate and response.status == 200:
            headers["If-None-Match"] = response.getheader("ETag")
        return len(body)

    size = get()
    expected = 304 if revalidate else 200
    for _ in range(2):
        get(expected)
    timings = []
    for _ in range(repetitions):
        began = time.perf_counter()
        get(expected)
        timings.append((time.perf_counter() - began) * 1000)
    return {"median": statistics.median(timings), "kib": size / 1024}


def run_in(tree: Path, repetitions: int) -> dict:
    """This script's measuring half, run by `tree`'s own Python in `tree`."""
    command = [str(tree / ".venv/bin/python"), __file__, "--measure", "--repetitions", str(repetitions)]
    output = subprocess.run(command, cwd=tree, check=True, capture_output=True, text=True).stdout
    return json.loads(output.splitlines()[-1])


def commit_of(tree: Path) -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=tree, capture_output=True, text=True)
    return done.stdout.strip()


def write_report(runs: dict[str, list[dict]], repetitions: int) -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pyconguide.settings")
    from report import write_section

    labels = list(runs)
    lines = [
        "## Schedule pages and feeds over HTTP (`bench/schedule_page_http.py`)",
        "",
        f"One Daphne serving the site (DEBUG off, SQLite, gzip accepted), one kept-alive connection, {repetitions} "
        "requests after three. Signed in: a user with interests in every seventh presentation; the calendar "
        "app asks for that user's feed and the first talk's, in full (kept since the first answer) and with the "
        "last ETag (a 304; KiB is the full answer's). Each cell: "
        "the median of each pass, the checkouts measured in turn, pass after pass.",
        f"Load average when it finished: {os.getloadavg()[0]:.1f}.",
        "",
        "| conference | page | visitor | " + " | ".join(f"{label} ms" for label in labels) + " | KiB |",
        "| --- | --- | --- | " + " | ".join("---:" for _ in labels) + " | ---: |",
    ]
    for page in runs[labels[0]][0]:
        name, path, who = page.split("|")
        cells = [" / ".join(f"{run[page]['median']:.1f}" for run in runs[label]) for label in labels]
        kib = runs[labels[0]][0][page]["kib"]
        lines.append(f"| {name} | `{path}` | {who} | " + " | ".join(cells) + f" | {kib:.0f} |")
    body = "\n".join(lines)
    write_section("schedule_page_http", body)
    return body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=40)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--against", type=Path, help="another checkout, with its own .venv, measured in turn")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.repetitions)))
        return
    trees = [ROOT, *([args.against.resolve()] if args.against else [])]
    runs: dict[str, list[dict]] = {f"`{commit_of(tree)}`" + (" (this)" if tree == ROOT else ""): [] for tree in trees}
    for _ in range(args.passes):
        for tree, label in zip(trees, runs, strict=True):
            runs[label].append(run_in(tree, args.repetitions))
            print(label, {page: round(result["median"], 1) for page, result in runs[label][-1].items()}, flush=True)
    print(write_report(runs, args.repetitions))


if __name__ == "__main__":
    main()
