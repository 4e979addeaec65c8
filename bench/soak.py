"""Soak: thousands of open pages and a stream of interest changes over two Daphne processes, then check
that everybody ended up with the truth.

Starts two Daphne processes (production settings: DEBUG off) on 127.0.0.1 that share a throwaway
PostgreSQL database and Redis (REDIS_URL, own channel prefix). Opens N sockets spread over both: U of
them signed in as U different users, the rest anonymous. For a fixed time the users set and clear
interests in T talks through their sockets (each frame a real change). Then, once the last change is in:

  - every talk's count in the database (as schedule.json reports it) equals its Interest rows,
  - the rows are exactly what each user last asked for,
  - every socket's last `count` for every talk equals the database's (mismatches: socket × talk pairs
    that do not, after waiting for the backlog to drain).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python bench/soak.py --sockets 2000 --users 50 --rate 4 --seconds 60

DATABASE_URL names the server (and a database to connect to for CREATE DATABASE); the bench makes its
own database and drops it afterwards. Writes its section of docs/benchmarks.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_load import ROOT, open_sockets, raise_open_file_limit, stop  # noqa: E402

from tests.processes import start_server  # noqa: E402

DRAIN_LIMIT = 180.0  # seconds to wait for the backlog after the last change before counting mismatches


# --- the site: its own database, users, two Daphne processes -----------------------------------------


@dataclass
class Site:
    env: dict
    slug: str
    talks: list[int]
    cookies: list[str]
    database: str
    server_url: str


def create_database(server_url: str, name: str, *, drop: bool = False) -> None:
    import psycopg

    parts = urlsplit(server_url)
    with psycopg.connect(urlunsplit(parts._replace(scheme="postgresql")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' if drop else f'CREATE DATABASE "{name}"')


def prepare_site(args) -> Site:
    server_url = os.environ["DATABASE_URL"]
    name = f"soak_{os.getpid()}"
    create_database(server_url, name)
    database_url = urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "soak-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "CHANNELS_PREFIX": f"soak{os.getpid()}",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "pyconguide.settings",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from presentations.models import Conference, Presentation

    conference = Conference.objects.create(slug="soak", name="Soak", timezone="UTC")
    talks = [
        Presentation.objects.create(conference=conference, source_id=str(n), kind="talk", title=f"Talk {n}").pk
        for n in range(args.talks)
    ]
    cookies = []
    for n in range(args.users):
        user = get_user_model().objects.create_user(f"soak{n}", password="a-long-soak-password")
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies["sessionid"].value)
    return Site(env=env, slug="soak", talks=talks, cookies=cookies, database=name, server_url=server_url)


def start_daphne(site: Site, log: Path) -> tuple[subprocess.Popen, str]:
    return start_server(site.env, log=log)


# --- the client --------------------------------------------------------------------------------------


@dataclass
class Watch:
    """What every socket last heard."""

    talks: list[int]
    counts: list[dict[int, int]] = field(default_factory=list)  # per socket: talk → last count
    mine: list[dict[int, bool]] = field(default_factory=list)  # per user socket: talk → last interest
    delivered: int = 0
    last_message: float = 0.0


async def listen(socket, index: int, watch: Watch, user: int | None) -> None:
    counts = watch.counts[index]
    async for frame in socket:
        message = json.loads(frame)
        kind = message.get("type")
        if kind == "snapshot":
            counts.update({talk: message["counts"].get(str(talk), 0) for talk in watch.talks})
        elif kind == "counts":
            counts.update({int(talk): n for talk, n in message["counts"].items()})
        elif kind == "count":
            counts[message["presentation"]] = message["count"]
        elif kind == "interest" and user is not None:
            watch.mine[user][message["presentation"]] = message["interested"]
        elif kind == "error":
            print(f"socket {index}: {message}", file=sys.stderr)
        watch.delivered += 1
        watch.last_message = time.perf_counter()


async def stream(sockets, talks: list[int], *, rate: float, seconds: float) -> tuple[list[dict[int, bool]], int]:
    """Each user toggles a random talk in turn; together `rate` changes a second for `seconds`."""
    wanted: list[dict[int, bool]] = [{} for _ in sockets]
    sent = 0
    interval = len(sockets) / rate  # seconds between one user's frames
    if interval < 0.15:
        raise SystemExit(f"{rate}/s over {len(sockets)} users breaks the socket's rate limit (10 frames/s)")

    deadline = time.perf_counter() + seconds

    async def user(number: int, socket) -> None:
        nonlocal sent
        chooser = random.Random(number)
        await asyncio.sleep(chooser.uniform(0, interval))
        while time.perf_counter() < deadline:
            talk = chooser.choice(talks)
            value = not wanted[number].get(talk, False)
            wanted[number][talk] = value
            await socket.send(json.dumps({"type": "interest", "presentation": talk, "interested": value}))
            sent += 1
            await asyncio.sleep(interval)

    await asyncio.gather(*(user(n, s) for n, s in enumerate(sockets)))
    return wanted, sent


def database_state(site: Site, hosts: list[str]) -> tuple[dict[int, int], set[tuple[int, int]], list[int]]:
    """Rows per talk, the (user number, talk) rows, and how many talks schedule.json miscounts per host."""
    import requests
    from django.db.models import Count

    from interests.models import Interest

    rows = dict(Interest.objects.values_list("presentation_id").annotate(n=Count("id")))
    counts = {talk: rows.get(talk, 0) for talk in site.talks}
    rows_of_users = Interest.objects.values_list("user__username", "presentation_id")
    pairs = {(int(username.removeprefix("soak")), talk) for username, talk in rows_of_users}
    miscounted = []
    for host in hosts:
        data = requests.get(f"http://{host}/{site.slug}/schedule.json", timeout=30).json()
        reported = {p["id"]: p["interest_count"] for p in data["presentations"]}
        miscounted.append(sum(reported[talk] != counts[talk] for talk in site.talks))
    return counts, pairs, miscounted


def mismatches(watch: Watch, counts: dict[int, int]) -> int:
    return sum(heard.get(talk, 0) != n for heard in watch.counts for talk, n in counts.items())


async def soak(args, site: Site, hosts: list[str]) -> dict:
    observers = args.sockets - args.users
    url = f"/ws/?conference={site.slug}"
    opened = time.perf_counter()
    anonymous = await open_sockets([f"ws://{hosts[i % len(hosts)]}{url}" for i in range(observers)])
    users = []
    for n, cookie in enumerate(site.cookies):
        host = hosts[n % len(hosts)]
        users += await open_sockets([f"ws://{host}{url}"], cookie)
    connect_seconds = time.perf_counter() - opened
    sockets = anonymous + users
    watch = Watch(talks=site.talks, counts=[{} for _ in sockets], mine=[{} for _ in users])
    tasks = [
        asyncio.create_task(listen(s, i, watch, i - observers if i >= observers else None))
        for i, s in enumerate(sockets)
    ]
    await asyncio.sleep(2)  # every server has finished joining groups

    started = time.perf_counter()
    wanted, sent = await stream(users, site.talks, rate=args.rate, seconds=args.seconds)
    stream_seconds = time.perf_counter() - started
    # The last frames are in once every user's sockets confirm what that user last asked for.
    while any(watch.mine[n].get(t) != v for n in range(len(users)) for t, v in wanted[n].items()):
        if time.perf_counter() - started > args.seconds + DRAIN_LIMIT:
            break
        await asyncio.sleep(0.2)
    counts, pairs, miscounted = await asyncio.to_thread(database_state, site, hosts)
    while mismatches(watch, counts) and time.perf_counter() - started < args.seconds + DRAIN_LIMIT:
        await asyncio.sleep(0.5)
    drained = time.perf_counter() - started
    wrong = mismatches(watch, counts)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)
    intended = {(n, t) for n in range(len(users)) for t, v in wanted[n].items() if v}
    return {
        "sockets": len(sockets),
        "users": len(users),
        "talks": len(site.talks),
        "connect_s": connect_seconds,
        "changes": sent,
        "stream_s": stream_seconds,
        "drained_s": drained,
        "delivered": watch.delivered,
        "mismatches": wrong,
        "pairs_checked": len(sockets) * len(site.talks),
        "rows_not_as_asked": len(pairs ^ intended),
        "schedule_json_miscounts": sum(miscounted),
        "rows": sum(counts.values()),
    }


SECTION = """## Soak: 2 processes, thousands of pages, a stream of changes (`bench/soak.py`)

{sockets:,} sockets over two Daphne processes (DEBUG off) sharing PostgreSQL and Redis
(`RedisPubSubChannelLayer`), {users} of them signed in as {users} users; for {seconds:.0f} s the users
set and clear interests in {talks} talks through their sockets, each frame a real change (target {rate:g}
changes/s). Every change is one `interest` message to the user's socket; counts reach all
{sockets:,} sockets merged, at most one frame per socket per interval (so frames are fewer than
changes). Client, servers, Redis and PostgreSQL share the machine's 2 cores.

| | |
| --- | ---: |
| sockets open in | {connect_s:.1f} s |
| changes sent | {changes:,} in {stream_s:.1f} s ({change_rate:.1f}/s) |
| messages delivered to sockets | {delivered:,} ({delivery_rate:,.0f}/s over {drained_s:.1f} s) |
| from the first change until every socket had the final counts | {drained_s:.1f} s |
| Interest rows at the end | {rows:,} |
| rows differing from what the users last asked for | {rows_not_as_asked} |
| talks whose `schedule.json` count differs from their rows (both processes) | {schedule_json_miscounts} |
| socket × talk pairs whose last count differs from the database | {mismatches} of {pairs_checked:,} |

When the time until every socket is up to date runs far past the stream's, the servers were saturated and
the messages per second are their ceiling here: each change costs one send per open socket, so that
ceiling divided by the number of sockets is how many changes a second a conference of that size can be
shown live (the rest wait in memory and arrive late).

{verdict}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, default=2000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--talks", type=int, default=20)
    parser.add_argument("--rate", type=float, default=4.0, help="interest changes a second, all users together")
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    print(f"open files allowed: {raise_open_file_limit()}", file=sys.stderr)
    if not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # `make bench` on a laptop: nothing to measure, and the document keeps its last figures.
        print("soak: skipped, needs REDIS_URL and a PostgreSQL DATABASE_URL (see the docstring)", file=sys.stderr)
        return
    site = prepare_site(args)
    processes = []
    try:
        with tempfile.TemporaryDirectory() as logs:
            started = [start_daphne(site, Path(logs) / f"daphne-{n}.log") for n in range(2)]
            processes = [process for process, _ in started]
            try:
                result = asyncio.run(soak(args, site, [host for _, host in started]))
            finally:
                stop(processes)
                for log in sorted(Path(logs).glob("*.log")):
                    tail = log.read_text(errors="replace").splitlines()[-5:]
                    if tail:
                        print(f"{log.name}:", *tail, sep="\n  ", file=sys.stderr)
    finally:
        from django.db import connections

        connections.close_all()
        create_database(site.server_url, site.database, drop=True)
    result.update(
        seconds=args.seconds,
        rate=args.rate,
        change_rate=result["changes"] / result["stream_s"],
        delivery_rate=result["delivered"] / result["drained_s"],
    )
    print(json.dumps(result, indent=2))
    from report import write_section

    lag = result["drained_s"] - result["stream_s"]
    verdict = (
        f"In this run every socket was up to date {lag:.1f} s after the last change: the servers kept up."
        if lag < 5
        else f"In this run the servers fell {lag:.1f} s behind the stream: they were saturated."
    )
    write_section("soak", SECTION.format(**result, verdict=verdict))
    bad = result["mismatches"] or result["rows_not_as_asked"] or result["schedule_json_miscounts"]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
