"""Live updates at a conference's scale: many pages opening at once, then a burst of interest changes.

Against two Daphne processes (DEBUG off, sharing PostgreSQL and Redis) and, in the same run, a bare
`websockets` server doing the same work with nothing in between (a snapshot on open, the user's echo at
once, counts merged into one frame per page per interval, as the site does): the floor. For each server:

  opens   N pages connect at once (a deploy, a Wi-Fi recovery): until every page has its snapshot;
  burst   U signed-in users change interests in T talks, R changes a second for S seconds, through their
          own sockets; then: from the last change until every page shows the final counts, how many
          pages never did (stale), and frames each page received a second;
  memory  resident memory of the server processes before and after the pages opened, per page.

The pages live in child processes of their own (--watch), so the measuring process does not time itself;
every process stamps with the machine's monotonic clock. The final counts are what the users last asked
for; on the site they are checked against the database too.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python bench/live_burst.py --pages 1000 3000

Writes its section of docs/benchmarks.md (bench/report.py) with the load average at the start.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_load import ROOT, open_sockets, raise_open_file_limit, stop  # noqa: E402
from live_pages import Watcher, watch  # noqa: E402
from soak import create_database, prepare_site  # noqa: E402

from tests.processes import free_port, start_server, wait_for_port  # noqa: E402

MIN_INTERVAL = 0.1  # the floor merges counts as often as interests/hub.py's MIN_INTERVAL allows
SETTLE = 60.0  # seconds after the last change before the pages still behind count as stale
CLIENTS = 3  # child processes holding the pages (bench/live_pages.py)


# --- the floor: the same pages and changes, nothing in between ----------------------------------------


async def serve_floor(port: int) -> None:
    """The floor merges counts as the site does (at most one frame per page per MIN_INTERVAL, the newest
    values), so that it measures what delivering the same state costs with nothing in between."""
    from websockets.asyncio.server import broadcast, serve
    from websockets.exceptions import ConnectionClosed

    everyone: set = set()
    marked: dict[str, set[str]] = {}  # talk → users
    changed: set[str] = set()

    def counts(talks) -> dict[str, int]:
        return {talk: len(marked.get(talk, ())) for talk in talks}

    async def pace():
        while True:
            await asyncio.sleep(MIN_INTERVAL)
            if changed:
                broadcast(everyone, json.dumps({"type": "counts", "counts": counts(changed)}))
                changed.clear()

    async def handler(connection):
        user = (connection.request.path or "").partition("user=")[2]
        everyone.add(connection)
        snapshot = {talk: n for talk, n in counts(marked).items() if n}
        await connection.send(json.dumps({"type": "snapshot", "counts": snapshot, "interests": []}))
        try:
            async for frame in connection:
                message = json.loads(frame)
                talk = str(message["presentation"])
                users = marked.setdefault(talk, set())
                (users.add if message["interested"] else users.discard)(user)
                await connection.send(json.dumps({**message, "type": "interest"}))
                changed.add(talk)
        except ConnectionClosed:
            pass  # a page gone without a goodbye, as pages go
        finally:
            everyone.discard(connection)

    pacer = asyncio.ensure_future(pace())
    async with serve(handler, "127.0.0.1", port, compression=None, ping_interval=None, backlog=8192):
        await asyncio.Future()
    pacer.cancel()


# --- measuring ------------------------------------------------------------------------------------------


def resident_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


async def burst(users, talks: list[int], *, rate: float, seconds: float) -> tuple[list[dict], int, float]:
    """Each user changes a random talk in turn (a real change each time), `rate` a second together, for
    `seconds`. Returns what each user last asked for, how many changes, and when the last was sent."""
    wanted: list[dict[int, bool]] = [{} for _ in users]
    sent, last = 0, 0.0
    interval = len(users) / rate
    deadline = time.perf_counter() + seconds

    async def user(number: int, socket) -> None:
        nonlocal sent, last
        chooser = random.Random(number)
        await asyncio.sleep(chooser.uniform(0, interval))
        while time.perf_counter() < deadline:
            talk = chooser.choice(talks)
            wanted[number][talk] = value = not wanted[number].get(talk, False)
            await socket.send(json.dumps({"type": "interest", "presentation": talk, "interested": value}))
            sent, last = sent + 1, time.perf_counter()
            await asyncio.sleep(interval)

    await asyncio.gather(*(user(n, s) for n, s in enumerate(users)))
    return wanted, sent, last


async def echoed(users, wanted) -> None:
    """Returns once each user's socket has heard the `interest` echo of that user's last change."""

    async def one(socket, mine):
        heard = {}
        while any(heard.get(talk) != value for talk, value in mine.items()):
            message = json.loads(await socket.recv())
            if message.get("type") == "interest":
                heard[str(message["presentation"])] = message["interested"]

    await asyncio.wait_for(
        asyncio.gather(*(one(s, {str(t): v for t, v in w.items()}) for s, w in zip(users, wanted, strict=True))),
        SETTLE,
    )


async def measure(args, hosts: list[str], pids: list[int], slug: str, talks: list[int], cookies: list[str]) -> dict:
    before = resident_mb(pids)
    urls = [f"ws://{hosts[i % len(hosts)]}/ws/?conference={slug}" for i in range(args.pages)]
    watchers = [await Watcher.start(urls[i::CLIENTS]) for i in range(CLIENTS)]
    ready = [await watcher.ask() for watcher in watchers]
    opens = max(r["served"] for r in ready) - min(r["started"] for r in ready)
    memory = resident_mb(pids) - before
    users = []
    for n, cookie in enumerate(cookies):
        path = f"/ws/?conference={slug}&user={n}"
        users += await open_sockets([f"ws://{hosts[n % len(hosts)]}{path}"], cookie)
    for socket in users:
        await socket.recv()  # the snapshot
    await asyncio.gather(*(watcher.ask({"mark": True}) for watcher in watchers))
    first = time.perf_counter()
    wanted, sent, last = await burst(users, talks, rate=args.rate, seconds=args.seconds)
    await echoed(users, wanted)
    expected = {}
    for mine in wanted:
        for talk, value in mine.items():
            expected[str(talk)] = expected.get(str(talk), 0) + value
    expected = {talk: n for talk, n in expected.items() if n}
    reports = await asyncio.gather(*(w.ask({"expect": expected, "within": SETTLE}) for w in watchers))
    for watcher in watchers:
        await watcher.stop()
    await asyncio.gather(*(s.close() for s in users), return_exceptions=True)
    current_at = max(r["current_at"] for r in reports)
    return {
        "opens_s": opens,
        "memory_kb_per_page": memory * 1024 / args.pages,
        "changes": sent,
        "lag_s": max(0.0, current_at - last),
        "stale": sum(r["stale"] for r in reports),
        "frames_per_page_s": sum(r["frames"] for r in reports) / args.pages / max(current_at - first, 1e-9),
        "expected": expected,
    }


def row(label: str, pages: int, result: dict) -> str:
    agrees = {True: "yes", False: "**no**", None: "—"}[result.get("database_agrees")]
    return (
        f"| {label} | {pages:,} | {result['opens_s']:.1f} | {result['memory_kb_per_page']:.0f} | "
        f"{result['changes']} | {result['lag_s']:.2f} | {result['stale']} | {result['frames_per_page_s']:.1f} | "
        f"{agrees} |"
    )


def stored_counts(*, clear: bool = False) -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        if clear:  # each run starts with nobody interested, as the floor does
            cursor.execute("DELETE FROM interests_interest")
        cursor.execute("SELECT presentation_id, count(*) FROM interests_interest GROUP BY presentation_id")
        return {str(talk): n for talk, n in cursor.fetchall()}


async def run_site(args, site, pages: int) -> dict:
    await asyncio.to_thread(stored_counts, clear=True)
    started = [start_server(site.env) for _ in range(2)]
    try:
        hosts, pids = [host for _, host in started], [process.pid for process, _ in started]
        result = await measure(args, hosts, pids, site.slug, site.talks, site.cookies)
    finally:
        stop([process for process, _ in started])
    result["database_agrees"] = await asyncio.to_thread(stored_counts) == result["expected"]
    return result


async def run_floor(args, pages: int, talks: list[int]) -> dict:
    port = free_port()
    process = subprocess.Popen([sys.executable, __file__, "--serve-floor", str(port)], cwd=ROOT)
    try:
        wait_for_port(port, process)
        return await measure(args, [f"127.0.0.1:{port}"], [process.pid], "bench", talks, [""] * args.users)
    finally:
        stop([process])


SECTION = """## Live at a conference's scale (`bench/live_burst.py`)

{pages_list} pages over two Daphne processes (DEBUG off, PostgreSQL, Redis pub/sub); in the same run a bare
`websockets` server (one process, counts merged the same way, no Django, no Redis) is the floor. The pages
connect all together (three client processes, 100 at a time each); then {users} users change interests in
{talks} talks through their sockets, {rate:g} changes a second for {seconds:.0f} s. *Opens*: from the first
connect until every page had its snapshot. *Memory*: resident memory of the server processes added per open
page. *Lag*: from the last change until every page showed the final counts (what the users last asked for).
*Stale*: pages that still did not, {settle:.0f} s later. *Frames*: frames each page received a second during
the burst. *Database*: the stored counts are the final ones. Load average at the start: {load}. Client and
servers share the machine.

| server | pages | opens s | memory KiB/page | changes | lag s | stale | frames/page/s | database |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--talks", type=int, default=12)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--serve-floor", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--watch", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_floor:
        return asyncio.run(serve_floor(args.serve_floor))
    if args.watch:
        spec = Path(args.watch)
        urls = json.loads(spec.read_text())
        spec.unlink()
        return asyncio.run(watch(urls))
    raise_open_file_limit()
    if not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("live_burst: skipped, needs REDIS_URL and a PostgreSQL DATABASE_URL", file=sys.stderr)
        return
    load = open("/proc/loadavg").read().split()[:3]
    os.environ.setdefault("LIVE_SOCKETS_PER_ADDRESS", "100000")  # every page comes from 127.0.0.1
    site = prepare_site(args)
    page_counts, rows = args.pages, []
    try:
        for pages in page_counts:
            args.pages = pages
            for label, run in (
                ("Daphne ×2 + Redis", lambda pages=pages: run_site(args, site, pages)),
                ("bare websockets, merging (floor)", lambda pages=pages: run_floor(args, pages, site.talks)),
            ):
                try:
                    result = asyncio.run(run())
                except (TimeoutError, SystemExit, OSError) as error:
                    rows.append(f"| {label} | {pages:,} | failed: {type(error).__name__} {error} |")
                    print(rows[-1], flush=True)
                    continue
                rows.append(row(label, pages, result))
                print(rows[-1], json.dumps(result), flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        create_database(site.server_url, site.database, drop=True)
    from report import write_section

    intro = SECTION.format(
        pages_list=" and ".join(f"{n:,}" for n in page_counts),
        users=args.users,
        talks=args.talks,
        rate=args.rate,
        seconds=args.seconds,
        settle=SETTLE,
        load=" ".join(load),
    )
    write_section("live-burst", intro + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
