"""A crowd after a keynote: many people opening the FOSDEM list and a talk page at once.

Starts the web process as production runs it (DEBUG off, PostgreSQL with the pool, Redis), with FOSDEM 2024
imported, and drives N concurrent clients on loopback for a fixed time, each alternating the one-day list
and one of a few talk pages, as a browser asks (gzip accepted, keep-alive). Beside each run, the same server
answers the same clients for two static files of the same sizes on the wire: the floor no page can beat.
Candidates (`--servers`): `daphne` for everything (as the Procfile had it); `granian`, several workers for
HTTP through its ASGI interface (the Procfile's web line; Daphne keeps /ws/, which this load does not
touch); `granian-async`, the same with the list and talk pages as async views (ASYNC_PAGES=1,
presentations/async_pages.py); `granian-wsgi`, the same workers through Granian's WSGI interface
(bench/crowd_wsgi.py: the site has no WSGI entry point, and under WSGI its pages open no live socket).
Writes p50/p95/requests per second/errors to docs/benchmarks.md (its own section), with the load average
before and after each run.

Each server's output goes to a file of its own under `--log-dir` (kept after the run), and what it logged at
WARNING or above during each run is counted, by exception, into the report beside the clients' errors. The
floor's files and the collected static files live in a STATIC_ROOT of the bench's own (a temporary
directory, removed at the end): the checkout's `static/` and `staticfiles/` are never touched, so the
server serves exactly what it would without the bench. `--burn N` runs N CPU-bound processes beside the
servers, to see the site on a loaded machine; the pool's sizes come from the environment (`DB_POOL_MAX_SIZE`,
`DB_POOL_TIMEOUT`…, docs/deploy.md) and are written into the report.

    .venv/bin/python bench/crowd.py [--clients 50,200] [--seconds 20]
        [--servers daphne,granian,granian-async,granian-wsgi] [--workers 2]
        [--database-url postgres://…] [--redis-url redis://…/n] [--ports 9300-9499]
        [--log-dir DIR] [--burn N] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.processes import free_port, stop, wait_for_port  # noqa: E402

BIN = Path(sys.executable).parent
FOSDEM = ROOT.parent / "shared" / "data" / "frab-xml" / "fosdem-2024-schedule.xml"
SLUG = "fosdem-2024"
TALKS = 20  # the talks of the next slot or two: what a crowd opens after the list


def environment(args, static_root: Path) -> dict:
    return {
        **os.environ,
        # The bench's own copy of the collected files, with the floor's beside them (see the docstring).
        "STATIC_ROOT": str(static_root),
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CHANNELS_PREFIX": "crowd-bench",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Loopback, no TLS: the redirect to https would answer every request with a 301.
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "pyconguide.settings",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def prepare(env: dict) -> None:
    """The database as an operator would have it: migrated, FOSDEM imported, static files collected."""
    url = urlsplit(env["DATABASE_URL"])
    subprocess.run(
        ["createdb", "-h", url.hostname or "127.0.0.1", "-U", url.username or "postgres", url.path.lstrip("/")],
        capture_output=True,
    )
    manage(env, "migrate", "--noinput")
    count = manage(
        env,
        "shell",
        "-c",
        "from presentations.models import Presentation as P; "
        f"print(P.objects.filter(conference__slug='{SLUG}').count())",
    )
    if count.splitlines()[-1] != "876":
        manage(env, "import_schedule", str(FOSDEM), "--slug", SLUG)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


def talk_paths(env: dict) -> list[str]:
    ids = manage(
        env,
        "shell",
        "-c",
        "from presentations.models import Presentation as P; "
        f"print(*P.objects.filter(conference__slug='{SLUG}').exclude(kind__in=P.NON_INTEREST_KINDS)"
        f".order_by('start', 'pk').values_list('pk', flat=True)[:{TALKS}])",
    )
    return [f"/talks/{pk}/" for pk in ids.splitlines()[-1].split()]


# What each candidate runs, and what it adds to the environment.
CANDIDATES = {
    "daphne": ("daphne", {}),
    "granian": ("granian", {}),
    "granian-async": ("granian", {"ASYNC_PAGES": "1"}),
    "granian-wsgi": ("granian-wsgi", {"PYTHONPATH": str(ROOT)}),
}
LABELS = {"granian-async": ", async views", "granian-wsgi": " (WSGI)"}


def command(server: str, port: int, workers: int) -> list[str]:
    if server == "daphne":
        # The Procfile's web line before this change.
        return [
            str(BIN / "daphne"),
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--websocket_timeout",
            "3600",
            "--websocket-max-message-size",
            "65536",
            "--access-log",
            "/dev/null",
            "pyconguide.asgi:application",
        ]
    interface, target = ("wsgi", "crowd_wsgi:application") if server == "granian-wsgi" else ("asginl", None)
    return [
        str(BIN / "granian"),
        "--interface",
        # asginl: ASGI without the lifespan protocol, which Django does not speak.
        interface,
        *(["--working-dir", str(ROOT / "bench")] if target else []),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        # WSGI runs each request on one of a worker's blocking threads (Granian's default: backpressure / 2,
        # 256 at 2 workers), each holding a connection: no more threads than the pool has connections.
        *(["--blocking-threads", os.environ.get("DB_POOL_MAX_SIZE", "4")] if interface == "wsgi" else []),
        "--no-ws",
        "--no-access-log",
        "--log-level",
        "warning",
        target or "pyconguide.asgi:application",
    ]


def start(server: str, workers: int, env: dict, port: int, log: Path) -> subprocess.Popen:
    """The server on `port`, its stdout and stderr appended to `log`; in a process group of its own, so
    that stopping it stops its workers too."""
    with log.open("ab") as output:
        process = subprocess.Popen(
            command(server, port, workers),
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_port(port, process, log)
    except RuntimeError:
        stop([process])
        raise
    return process


# --- the clients -----------------------------------------------------------------------------------------


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: {"list": [], "talk": []})
    errors: int = 0
    # What went wrong, by status or by the exception's name.
    reasons: Counter = field(default_factory=Counter)
    bytes: dict[str, int] = field(default_factory=dict)


async def fetch(reader, writer, path: str) -> tuple[int, int]:
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\nAccept-Encoding: gzip, br\r\n"
        "Connection: keep-alive\r\n\r\n".encode()
    )
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    chunked = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
        elif name.lower() == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        length = 0
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            await reader.readexactly(size + 2)
            length += size
            if size == 0:
                break
    else:
        await reader.readexactly(length)
    return status, length


async def client(port: int, paths: dict[str, list[str]], until: float, tally: Tally, offset: int) -> None:
    reader = writer = None
    n = offset
    while time.monotonic() < until:
        kind = "list" if n % 2 == 0 else "talk"
        choices = paths[kind]
        path = choices[(n // 2) % len(choices)]
        n += 1
        started = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**22)
            status, length = await asyncio.wait_for(fetch(reader, writer, path), timeout=30)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, asyncio.LimitOverrunError) as error:
            tally.errors += 1
            tally.reasons[type(error).__name__] += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        if status != 200:
            tally.errors += 1
            tally.reasons[str(status)] += 1
            continue
        tally.times[kind].append(time.monotonic() - started)
        tally.bytes[kind] = length
    if writer is not None:
        writer.close()


async def crowd(port: int, paths: dict[str, list[str]], clients: int, seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    started = time.monotonic()
    until = started + seconds
    await asyncio.gather(*(client(port, paths, until, tally, n) for n in range(clients)))
    return tally, time.monotonic() - started


def load() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0]


def run(port: int, paths: dict[str, list[str]], clients: int, seconds: float, log: Path) -> dict:
    from server_log import summarize  # bench/server_log.py, beside this script

    before = load()
    logged = log.stat().st_size
    # A short warm-up fills the page cache, as the first few visitors after a change would.
    asyncio.run(crowd(port, paths, min(clients, 10), 2))
    tally, elapsed = asyncio.run(crowd(port, paths, clients, seconds))
    done = len(tally.times["list"]) + len(tally.times["talk"])
    with log.open("rb") as output:
        output.seek(logged)
        server_errors = summarize(output.read().decode("utf-8", "replace"))
    return {
        "tally": tally,
        "rps": done / elapsed,
        "load": f"{before} → {load()}",
        "server": server_errors,
    }


def percentiles(times: list[float]) -> str:
    if len(times) < 2:
        return "–"
    cuts = statistics.quantiles(times, n=100)
    return f"{statistics.median(times) * 1000:.0f} / {cuts[94] * 1000:.0f} ms"


def errors(tally: Tally) -> str:
    reasons = ", ".join(f"{reason} {count}" for reason, count in tally.reasons.most_common())
    return f"{tally.errors} ({reasons})" if tally.errors else "0"


def floor_paths(static_root: Path, sizes: dict[str, int]) -> dict[str, list[str]]:
    """Two static files as big as the list's and a talk page's answers on the wire, in the bench's own
    STATIC_ROOT (ServeStatic serves them as they are: collectstatic made no compressed copy of them)."""
    floor = static_root / "bench-floor"
    floor.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, size in sizes.items():
        (floor / f"{kind}.html").write_bytes(os.urandom(size // 2).hex().encode()[:size])
        paths[kind] = [f"/static/bench-floor/{kind}.html"]
    return paths


def burners(count: int) -> list[subprocess.Popen]:
    """`count` processes that only burn CPU: a loaded machine, on purpose."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True) for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="50,200")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--servers", default=",".join(CANDIDATES))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pyconguide_bench"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--ports", help="a range such as 9300-9499 to take the servers' ports from (default: any)")
    parser.add_argument("--log-dir", type=Path, help="where the servers' logs go (default: a new directory in /tmp)")
    parser.add_argument("--burn", type=int, default=0, help="CPU-bound processes to run beside the servers")
    parser.add_argument("--no-write", action="store_true", help="print the rows, leave docs/benchmarks.md as it is")
    args = parser.parse_args()
    args.log_dir = args.log_dir or Path(tempfile.mkdtemp(prefix="crowd-logs-"))
    args.log_dir.mkdir(parents=True, exist_ok=True)
    print(f"server logs in {args.log_dir}", flush=True)
    static_root = Path(tempfile.mkdtemp(prefix="crowd-static-"))
    try:
        rows, notes, pages, probe = bench(args, static_root)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    if not args.no_write:
        write(args, pages, probe, rows, notes)


def bench(args, static_root: Path) -> tuple[list[str], list[str], dict, Tally]:
    env = environment(args, static_root)
    prepare(env)
    pages = {"list": [f"/{SLUG}/"], "talk": talk_paths(env)}
    if args.ports:  # tests.processes.free_port takes its ports from this range
        os.environ["FREE_PORTS"] = args.ports

    # The answers' sizes on the wire, for the floor's files (which must exist before the server starts).
    port = free_port()
    process = start("daphne", 1, env, port, args.log_dir / "probe.log")
    try:
        # Two clients, one starting with the list and one with a talk page: each kind at least once.
        probe, _ = asyncio.run(crowd(port, pages, 2, 5))
    finally:
        stop([process])
    floor = floor_paths(static_root, probe.bytes)
    burning = burners(args.burn)
    try:
        rows, notes = measure(args, env, pages, floor)
    finally:
        stop(burning)
    return rows, notes, pages, probe


def measure(args, env: dict, pages: dict, floor: dict) -> tuple[list[str], list[str]]:
    rows, notes = [], []
    for candidate in args.servers.split(","):
        server, extra = CANDIDATES[candidate]
        workers = 1 if server == "daphne" else args.workers
        port, log = free_port(), args.log_dir / f"{candidate}.log"
        process = start(server, workers, {**env, **extra}, port, log)
        name = f"{server.split('-')[0]}{f' ×{workers}' if workers > 1 else ''}{LABELS.get(candidate, '')}"
        try:
            for clients in (int(n) for n in args.clients.split(",")):
                kinds = (("pages", pages), ("static floor", floor))
                results = {what: run(port, paths, clients, args.seconds, log) for what, paths in kinds}
                for what, result in results.items():
                    tally = result["tally"]
                    share = result["rps"] / results["static floor"]["rps"] if results["static floor"]["rps"] else 0
                    rows.append(
                        f"| {name} | {clients} | {what} | "
                        f"{percentiles(tally.times['list'])} | {percentiles(tally.times['talk'])} | "
                        f"{result['rps']:.0f} ({share:.0%} of the floor) | {errors(tally)} |"
                        f" {sum(result['server'].values())} | {result['load']} |"
                    )
                    print(rows[-1], flush=True)
                    notes += [
                        f"- {name}, {clients} clients, {what}: {count} × {line}"
                        for line, count in result["server"].most_common()
                    ]
                    if result["server"]:
                        print(*notes[len(notes) - len(result["server"]) :], sep="\n", flush=True)
        finally:
            stop([process])
    return rows, notes


def pool_settings() -> str:
    """The pool's sizes the servers ran with: the environment's, or the defaults in pyconguide/settings.py."""
    names = {"DB_POOL_MIN_SIZE": "2", "DB_POOL_MAX_SIZE": "4", "DB_POOL_TIMEOUT": "5"}
    return ", ".join(f"`{name}={os.environ.get(name, default)}`" for name, default in names.items())


def write(args, pages: dict, probe, rows: list[str], notes: list[str]) -> None:
    from report import write_section  # bench/report.py, beside this script

    body = (
        "## A crowd on the FOSDEM list (`bench/crowd.py`)\n\n"
        f"The web process with production settings (DEBUG off, PostgreSQL with the pool, Redis, the page cache on),"
        f" FOSDEM 2024 imported; N clients on loopback for {args.seconds:.0f} s each, every client alternating the"
        f" one-day list ({probe.bytes.get('list', 0) / 1000:.0f} kB gzipped) and one of {len(pages['talk'])} talk"
        f" pages ({probe.bytes.get('talk', 0) / 1000:.1f} kB), keep-alive, gzip accepted, after a 2 s warm-up."
        " Candidates: Daphne alone; Granian with the Procfile's web line (ASGI, the pages' sync views); the same"
        " with the list and talk page as async views (`ASYNC_PAGES=1`); the same workers through Granian's WSGI"
        " interface (`bench/crowd_wsgi.py`: without the site's ASGI access log and proxy headers, and its pages"
        " open no live socket). Visitors only: nobody is signed in."
        " The static floor is the same server and clients fetching two static files of the same sizes. Times are"
        " median / 95th percentile; requests per second count both kinds. The load generator runs on the same"
        " 2 cores as the server (and as other work on this machine: load average before → after each run)."
        " Before the page cache, cheap cards, the pool and Granian (issue 12, a quiet machine, Daphne, 50 clients):"
        " list 14.3 s median, 17.0 s p95, 5.9 requests/s. Goal: at 50 clients the list's p95 under 1 s, no"
        " errors, at least half the floor's requests per second. Errors are answers other than 200 and requests"
        " that failed or took over 30 s; the server's log is the count of records at WARNING or above that"
        " the server wrote during that run (listed below the table, by exception)."
        f" Pool: {pool_settings()}."
        + (f" Beside the servers, {args.burn} CPU-bound processes (`--burn`)." if args.burn else "")
        + "\n\n"
        "| server | clients | what | list p50 / p95 | talk p50 / p95 | requests/s | errors | server's log | load |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
        + "\n".join(rows)
        + "\n\nWhat the servers logged at WARNING or above: "
        + ("\n\n" + "\n".join(notes) if notes else "nothing.")
        + "\n"
    )
    write_section("crowd", body)


if __name__ == "__main__":
    main()
