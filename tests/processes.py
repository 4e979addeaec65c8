"""Child processes of the site for tests and benches: free ports, Daphne and Granian started as the
Procfile starts them, and stopping what was started. One place, so the suite and bench/ start the same server."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The Procfile's limits, so that tests and benches meet what production runs. Daphne's own access log is
# off there: the site writes its own (security/asgi.py), to the process's logging output.
DAPHNE_OPTIONS = ("--websocket-max-message-size", "65536", "--access-log", "/dev/null")


def free_port() -> int:
    """A port nothing listens on: any the system gives, or one from FREE_PORTS ("9100-9299") when set, so
    that servers started for tests and benches stay inside a range agreed on a shared machine."""
    agreed = os.environ.get("FREE_PORTS", "")
    if not agreed:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]
    first, _, last = agreed.partition("-")
    candidates = list(range(int(first), int(last or first) + 1))
    random.shuffle(candidates)  # two callers at once rarely pick the same one
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in FREE_PORTS={agreed}")


def wait_for_port(port: int, process: subprocess.Popen, log: Path | None = None, *, seconds: float = 120) -> None:
    """Returns once something listens on `port`; raises when `process` exits or `seconds` pass first (a
    generous bound: on a loaded machine a cold Daphne has taken over 30 s to import Django and listen)."""

    def output() -> str:
        return f":\n{log.read_text()}" if log is not None and log.exists() else ""

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on {port} exited with {process.returncode}{output()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listened on {port} within {seconds:.0f} s{output()}")


def granian_command(port: int, workers: int) -> list[str]:
    """The Procfile's web line on 127.0.0.1 (tests/pyconguide/test_procfile.py holds them together)."""
    return [
        str(Path(sys.executable).with_name("granian")),
        *("--interface", "asginl", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)),
        *("--no-ws", "--no-access-log", "--log-level", "warning", "pyconguide.asgi:application"),
    ]


def start_server(
    env: dict, *, log: Path | None = None, port: int | None = None, server: str = "daphne", workers: int = 2
) -> tuple[subprocess.Popen, str]:
    """Daphne (or, `server="granian"`, the Procfile's web line: Granian with `workers` processes) serving
    the site on 127.0.0.1 with `env`, on `port` or a free one. Returns the process and "host:port". Its
    output goes to `log` (or nowhere)."""
    port = port or free_port()
    if server == "granian":
        command = granian_command(port, workers)[:-1]
    else:
        command = [str(Path(sys.executable).with_name("daphne")), "-b", "127.0.0.1", "-p", str(port), *DAPHNE_OPTIONS]
    output = log.open("wb") if log is not None else subprocess.DEVNULL
    try:
        process = subprocess.Popen(
            [*command, "pyconguide.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    finally:
        if log is not None:
            output.close()
    try:
        wait_for_port(port, process, log)
    except RuntimeError:
        stop([process])
        raise
    return process, f"127.0.0.1:{port}"


def stop(processes: list[subprocess.Popen]) -> None:
    """Terminate, then kill what has not exited within 10 s."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def database_url_of(settings_dict: dict) -> str:
    """A DATABASE_URL naming the database this process uses (the test database, during tests)."""
    engine, name = settings_dict["ENGINE"], settings_dict["NAME"]
    if engine.endswith("sqlite3"):
        return f"sqlite:///{name}"
    auth = settings_dict["USER"] + (f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else "")
    return f"postgres://{auth}@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{name}"
