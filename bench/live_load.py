"""Load on the live socket: how long until everyone hears about one interest.

Opens N anonymous "observer" sockets and one user's two "tabs" against Daphne processes it starts itself
(one or two, all on 127.0.0.1, sharing Redis through REDIS_URL and a throwaway SQLite database). The
first tab sets and clears an interest, again and again, and the client measures

  (a) echo: from sending the frame until the user's other tab hears the `interest` message, and
  (b) fan-out: until every observer has the new `count` (losses: observers that never get it).

The same client then runs against a bare `websockets` server doing the same fan-out in one process with
no Django and no channel layer: the floor.

    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/live_load.py --observers 1000 2000

It writes its section of docs/benchmarks.md (bench/report.py), with the machine and the date.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
WAIT = 15.0  # seconds a round may take before the missing observers count as lost
CONNECT_BATCH = 100


def raise_open_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server on {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on {port} did not start")


# --- the site's side: database, user, Daphne ------------------------------------------------------


@dataclass
class Site:
    env: dict
    slug: str
    presentation: int
    cookie: str


def prepare_site(workdir: Path) -> Site:
    """A throwaway SQLite database with one conference, one talk, one signed-in user."""
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "CHANNELS_PREFIX": f"bench{os.getpid()}",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    os.environ.update({key: env[key] for key in ("DEBUG", "DATABASE_URL", "CHANNELS_PREFIX")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pyconguide.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from presentations.models import Conference, Presentation

    conference = Conference.objects.create(slug="bench", name="Bench", timezone="UTC")
    talk = Presentation.objects.create(conference=conference, source_id="1", kind="talk", title="Bench talk")
    user = get_user_model().objects.create_user("bench", password="a-long-bench-password")
    client = Client()
    client.force_login(user)
    return Site(env=env, slug=conference.slug, presentation=talk.pk, cookie=client.cookies["sessionid"].value)


def start_daphne(site: Site) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("daphne")),
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "pyconguide.asgi:application",
        ],
        cwd=ROOT,
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, process)
    return process, f"127.0.0.1:{port}"


def start_floor() -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, __file__, "--serve-floor", str(port)], cwd=ROOT)
    wait_for_port(port, process)
    return process, f"127.0.0.1:{port}"


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


# --- the floor: the same fan-out with nothing in between ---------------------------------------------


async def serve_floor(port: int) -> None:
    from websockets.asyncio.server import broadcast, serve

    everyone: set = set()
    tabs: set = set()
    interested: set[int] = set()

    async def handler(connection):
        is_tab = "user=1" in (connection.request.path or "")
        everyone.add(connection)
        if is_tab:
            tabs.add(connection)
        try:
            async for frame in connection:
                message = json.loads(frame)
                presentation = message["presentation"]
                (interested.add if message["interested"] else interested.discard)(presentation)
                broadcast(
                    tabs,
                    json.dumps({"type": "interest", "presentation": presentation, "interested": message["interested"]}),
                )
                count = {"type": "count", "presentation": presentation, "count": len(interested)}
                broadcast(everyone, json.dumps(count))
        finally:
            everyone.discard(connection)
            tabs.discard(connection)

    async with serve(handler, "127.0.0.1", port, compression=None, ping_interval=None, backlog=4096):
        await asyncio.Future()


# --- the client ----------------------------------------------------------------------------------


@dataclass
class Round:
    expected_count: int
    observers: int
    sent: float = 0.0
    echo: float | None = None
    arrived: int = 0
    last: float | None = None
    all_in: asyncio.Event = field(default_factory=asyncio.Event)
    echoed: asyncio.Event = field(default_factory=asyncio.Event)


async def open_sockets(urls: list[str], origin_of, headers=None) -> list:
    sockets = []
    for start in range(0, len(urls), CONNECT_BATCH):
        batch = urls[start : start + CONNECT_BATCH]
        sockets += await asyncio.gather(
            *(
                connect(
                    url,
                    origin=origin_of(url),
                    additional_headers=headers,
                    compression=None,
                    ping_interval=None,
                    proxy=None,
                    open_timeout=30,
                    max_queue=None,
                )
                for url in batch
            )
        )
    return sockets


async def watch_observer(socket, rounds: dict) -> None:
    async for frame in socket:
        message = json.loads(frame)
        current = rounds.get("now")
        if message.get("type") == "count" and current and message["count"] == current.expected_count:
            current.arrived += 1
            if current.arrived == current.observers:
                current.last = time.perf_counter()
                current.all_in.set()


async def watch_tab(socket, rounds: dict) -> None:
    async for frame in socket:
        message = json.loads(frame)
        current = rounds.get("now")
        if message.get("type") == "interest" and current and current.echo is None:
            if message["interested"] == bool(current.expected_count):
                current.echo = time.perf_counter()
                current.echoed.set()


async def measure(hosts: list[str], *, observers: int, rounds: int, slug: str, presentation: int, cookie: str) -> dict:
    def url(host: str, extra: str = "") -> str:
        return f"ws://{host}/ws/?conference={slug}{extra}"

    def origin_of(address: str) -> str:
        return "http://" + address.split("/")[2]

    watching = [url(hosts[i % len(hosts)]) for i in range(observers)]
    opened = time.perf_counter()
    observer_sockets = await open_sockets(watching, origin_of)
    connect_seconds = time.perf_counter() - opened
    cookie_header = {"Cookie": f"sessionid={cookie}"}
    sender, other_tab = await open_sockets(
        [url(hosts[0], "&user=1"), url(hosts[-1], "&user=1")], origin_of, cookie_header
    )
    state: dict = {}
    tasks = [asyncio.create_task(watch_observer(s, state)) for s in observer_sockets]
    tasks.append(asyncio.create_task(watch_tab(other_tab, state)))
    tasks.append(asyncio.create_task(watch_tab(sender, {})))  # drain the sender's own echo
    # Start from "not interested" whatever an earlier run left, then let every server finish joining groups.
    await sender.send(json.dumps({"type": "interest", "presentation": presentation, "interested": False}))
    await asyncio.sleep(1)
    results = []
    for n in range(rounds):
        current = Round(expected_count=(n + 1) % 2, observers=observers)
        state["now"] = current
        current.sent = time.perf_counter()
        await sender.send(
            json.dumps({"type": "interest", "presentation": presentation, "interested": bool(current.expected_count)})
        )
        try:
            await asyncio.wait_for(asyncio.gather(current.all_in.wait(), current.echoed.wait()), WAIT)
        except TimeoutError:
            pass
        results.append(current)
        state["now"] = None
        await asyncio.sleep(0.3)  # stay under the socket's rate limit, let the servers settle
    for task in tasks:
        task.cancel()
    await asyncio.gather(*(s.close() for s in [*observer_sockets, sender, other_tab]), return_exceptions=True)
    echoes = [(r.echo - r.sent) * 1000 for r in results if r.echo]
    fanouts = [(r.last - r.sent) * 1000 for r in results if r.last]
    return {
        "connect_s": connect_seconds,
        "echo_ms": statistics.median(echoes) if echoes else None,
        "fanout_median_ms": statistics.median(fanouts) if fanouts else None,
        "fanout_max_ms": max(fanouts) if fanouts else None,
        "lost": sum(r.observers - r.arrived for r in results),
        "messages": observers * rounds,
    }


def line(label: str, observers: int, result: dict) -> str:
    def ms(value):
        return "—" if value is None else f"{value:,.0f}"

    lost = f"{result['lost']} / {result['messages']:,}"
    return (
        f"| {label} | {observers:,} | {result['connect_s']:.1f} | {ms(result['echo_ms'])} | "
        f"{ms(result['fanout_median_ms'])} | {ms(result['fanout_max_ms'])} | {lost} |"
    )


SECTION_INTRO = """## Live fan-out (`bench/live_load.py`)

One user's two tabs and N anonymous observer sockets on the schedule of one conference; the first tab sets
or clears an interest {rounds} times. *Echo*: until the user's other tab (on the last process) hears the
`interest` message. *All observers*: until every observer has the new `count`. Sockets are spread evenly
over the Daphne processes, which share Redis (`RedisPubSubChannelLayer`) and a SQLite database; the floor
is a bare `websockets` server doing the same fan-out in one process. Client and servers share the machine.
"""


async def run(args, site: Site | None) -> list[str]:
    rows = [
        "| server | observers | connect s | echo ms (median) | all observers ms (median) | (max) | lost |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    print("\n".join(rows), flush=True)
    for processes in args.processes if site else []:
        for observers in args.observers:
            started = [start_daphne(site) for _ in range(processes)]
            try:
                result = await measure(
                    [host for _, host in started],
                    observers=observers,
                    rounds=args.rounds,
                    slug=site.slug,
                    presentation=site.presentation,
                    cookie=site.cookie,
                )
            finally:
                stop([process for process, _ in started])
            rows.append(line(f"Daphne ×{processes} + Redis pub/sub", observers, result))
            print(rows[-1], flush=True)
    for observers in args.observers:
        process, host = start_floor()
        try:
            result = await measure(
                [host], observers=observers, rounds=args.rounds, slug="bench", presentation=1, cookie=""
            )
        finally:
            stop([process])
        rows.append(line("bare websockets (floor)", observers, result))
        print(rows[-1], flush=True)
    return rows


def report(args, rows: list[str]) -> None:
    from report import write_section

    write_section("live", SECTION_INTRO.format(rounds=args.rounds) + "\n" + "\n".join(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observers", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--serve-floor", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_floor:
        asyncio.run(serve_floor(args.serve_floor))
        return
    print(f"open files allowed: {raise_open_file_limit()}", file=sys.stderr)
    if not os.environ.get("REDIS_URL"):
        # Without Redis the processes cannot meet: measure the floor, and leave the document alone.
        print("REDIS_URL is not set: measuring the floor only.", file=sys.stderr)
        asyncio.run(run(args, None))
        return
    with tempfile.TemporaryDirectory() as workdir:
        rows = asyncio.run(run(args, prepare_site(Path(workdir))))
    report(args, rows)


if __name__ == "__main__":
    main()
