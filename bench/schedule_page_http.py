"""The schedule pages and feeds over HTTP, through one Daphne, as browsers and calendar apps get them.

bench/schedule_page.py times the pages through Django's test client, in one process; this one times what a
browser waits for: a request on a kept-alive connection to a Daphne serving the site (DEBUG off, SQLite,
gzip accepted), the first three answers dropped; PyCon US 2016 and FOSDEM 2024. The signed-in person's feed
and the first talk's are asked for as a calendar app asks again: in full, and with the last ETag (a 304);
"built" asks each time for another talk's feed, which no one asked for before.
With `--against DIR` (another checkout of this repository with its own .venv, e.g. an older commit), both
are served at once, each with its own code, loaders and database, and each page is asked of each in turn,
request by request, so that what else the machine does weighs on both alike; both are written to
docs/benchmarks.md.

    .venv/bin/python bench/schedule_page_http.py [--repetitions 40] [--passes 2] [--against ../old-checkout]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from report import checkout_label  # bench/report.py, beside this script

ROOT = Path(__file__).resolve().parents[1]


def serve() -> None:
    """In the checkout that is the current directory, with its own code: load, serve, say where; then wait
    for the measuring process to close stdin."""
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
        timed = Presentation.objects.filter(conference=conference).exclude(start=None).order_by("start", "pk")
        talk, *others = timed.values_list("pk", flat=True)
        slug = conference.slug
        pages += [
            (conference.name, f"/{slug}/", "visitor", f"/{slug}/", "", False),
            (conference.name, f"/{slug}/", "signed in", f"/{slug}/", cookie, False),
            (conference.name, f"/{slug}/?mine=1", "signed in", f"/{slug}/?mine=1", cookie, False),
            (conference.name, "/calendar/<token>.ics", "calendar app", feed, "", False),
            (conference.name, "/calendar/<token>.ics, 304", "calendar app", feed, "", True),
            (conference.name, "/talks/<pk>.ics", "calendar app", f"/talks/{talk}.ics", "", False),
            (conference.name, "/talks/<pk>.ics, 304", "calendar app", f"/talks/{talk}.ics", "", True),
            # Each request another talk's, never asked before: built, as the first app to ask after a change.
            (conference.name, "/talks/<pk>.ics, built", "calendar app", [f"/talks/{n}.ics" for n in others], "", False),
        ]
    connection.close()
    with daphne(tree) as port:
        print(json.dumps({"port": port, "pages": pages}), flush=True)
        sys.stdin.read()


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


class Asker:
    """One kept-alive connection asking one server for one page (or, given a list, each of them once, in
    turn); with `revalidate`, each request sends the first answer's ETag. Three answers are dropped before
    any is timed."""

    def __init__(self, port: int, path: str | list[str], cookie: str, revalidate: bool) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port)
        self.paths = iter(path) if isinstance(path, list) else itertools.repeat(path)
        self.revalidate = revalidate
        self.headers = {"Accept-Encoding": "gzip", **({"Cookie": cookie} if cookie else {})}
        self.size = self.get(200)
        for _ in range(2):
            self.get()
        self.timings: list[float] = []

    def get(self, expected: int | None = None) -> int:
        expected = expected or (304 if self.revalidate else 200)
        path = next(self.paths)
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        body = response.read()
        assert response.status == expected, (path, response.status)
        if self.revalidate and response.status == 200:
            self.headers["If-None-Match"] = response.getheader("ETag")
        return len(body)

    def time_one(self) -> None:
        began = time.perf_counter()
        self.get()
        self.timings.append((time.perf_counter() - began) * 1000)


class served:
    """`tree`'s own Python serving `tree`'s code (this script's `--serve` half) for the length of a pass."""

    def __init__(self, tree: Path) -> None:
        self.tree = tree

    def __enter__(self) -> dict:
        command = [str(self.tree / ".venv/bin/python"), __file__, "--serve"]
        self.process = subprocess.Popen(
            command, cwd=self.tree, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        for line in self.process.stdout:  # what the loaders print comes first
            if line.startswith('{"port"'):
                return json.loads(line)
        raise RuntimeError(f"{self.tree} did not start serving")

    def __exit__(self, *exc) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def one_pass(trees: list[Path], repetitions: int) -> list[dict]:
    """Every checkout served at once; each page asked of each in turn, request by request, so that what
    else the machine does in a moment weighs on all of them alike."""
    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(served(tree)) for tree in trees]
        results: list[dict] = [{} for _ in trees]
        for index, (name, label, who, *_rest) in enumerate(servers[0]["pages"]):
            askers = []
            for server in servers:
                _name, _label, _who, path, cookie, revalidate = server["pages"][index]
                askers.append(Asker(server["port"], path, cookie, revalidate))
            for _ in range(repetitions):
                for asker in askers:
                    asker.time_one()
            for result, asker in zip(results, askers, strict=True):
                result[f"{name}|{label}|{who}"] = {"median": statistics.median(asker.timings), "kib": asker.size / 1024}
        return results


def write_report(runs: dict[str, list[dict]], repetitions: int) -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pyconguide.settings")
    from report import write_section

    labels = list(runs)
    lines = [
        "## Schedule pages and feeds over HTTP (`bench/schedule_page_http.py`)",
        "",
        "One Daphne per checkout serving the site (DEBUG off, SQLite, gzip accepted), one kept-alive connection, "
        f"{repetitions} requests after three. Signed in: a user with interests in every seventh presentation; "
        "the calendar app asks for that user's feed and the first talk's, in full (kept since the first answer) "
        "and with the last ETag (a 304; KiB is the full answer's); \"built\" asks each time for another talk's "
        "feed, which no one asked for before. Each cell: "
        "the median of each pass; the checkouts served at once and asked in turn, request by request.",
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
    parser.add_argument("--against", type=Path, help="another checkout, with its own .venv, served beside this one")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return
    trees = [ROOT, *([args.against.resolve()] if args.against else [])]
    runs: dict[str, list[dict]] = {checkout_label(tree): [] for tree in trees}
    for _ in range(args.passes):
        for label, result in zip(runs, one_pass(trees, args.repetitions), strict=True):
            runs[label].append(result)
            print(label, {page: round(value["median"], 1) for page, value in result.items()}, flush=True)
    print(write_report(runs, args.repetitions))


if __name__ == "__main__":
    main()
