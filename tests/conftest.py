"""Shared by the whole suite: small factories (valid objects, no surprises) and the real PyCon pages
served over real HTTP."""

from __future__ import annotations

import functools
import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

_counter = itertools.count(1)


@pytest.fixture
def make_conference(db):
    from presentations.models import Conference

    def make(**fields):
        n = next(_counter)
        fields.setdefault("slug", f"conf-{n}")
        fields.setdefault("name", f"Conference {n}")
        fields.setdefault("timezone", "America/Los_Angeles")
        return Conference.objects.create(**fields)

    return make


@pytest.fixture
def make_presentation(db, make_conference):
    from presentations.models import Presentation

    def make(conference=None, **fields):
        conference = conference or make_conference()
        n = next(_counter)
        tz = ZoneInfo(conference.timezone)
        fields.setdefault("source_id", str(1000 + n))
        fields.setdefault("kind", "talk")
        fields.setdefault("title", f"Talk number {n}")
        fields.setdefault("speakers", [f"Speaker {n}"])
        fields.setdefault("room", "Room A")
        fields.setdefault("start", datetime(2016, 5, 30, 10, 50, tzinfo=tz))
        fields.setdefault("end", fields["start"] + timedelta(minutes=30) if fields["start"] else None)
        return Presentation.objects.create(conference=conference, **fields)

    return make


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model

    def make(**fields):
        n = next(_counter)
        fields.setdefault("username", f"user{n}")
        return get_user_model().objects.create_user(password="a-long-test-password", **fields)

    return make


@pytest.fixture
def session_cookie():
    """The session cookie value of `user` signed in, for sockets and browsers that need a real session."""
    from django.test import Client

    def cookie(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    return cookie


def database_url_of(settings_dict: dict) -> str:
    """A DATABASE_URL naming the database this test process uses (the test database, during tests)."""
    engine, name = settings_dict["ENGINE"], settings_dict["NAME"]
    if engine.endswith("sqlite3"):
        return f"sqlite:///{name}"
    auth = settings_dict["USER"] + (f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else "")
    return f"postgres://{auth}@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{name}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Daphne exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"Daphne did not listen on {port} within 30 s:\n{log.read_text()}")


@pytest.fixture
def daphne(tmp_path):
    """Start real Daphne processes of the site on free ports, sharing this test's database (and Redis, when
    REDIS_URL is set). Returns `start(**env) -> "127.0.0.1:<port>"`. Use with django_db(transaction=True), so
    what the test writes is committed where the children can read it."""
    from django.db import connection

    processes: list[subprocess.Popen] = []

    def start(**env) -> str:
        port = free_port()
        log = tmp_path / f"daphne-{port}.log"
        child_env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": database_url_of(connection.settings_dict),
            "DJANGO_SETTINGS_MODULE": "pyconguide.settings",
            **env,
        }
        # The Procfile's limits, so that tests meet what production runs (the access log is the site's own).
        command = [
            str(Path(sys.executable).with_name("daphne")),
            *("-b", "127.0.0.1", "-p", str(port)),
            *("--websocket-max-message-size", "65536", "--access-log", "/dev/null"),
        ]
        with log.open("wb") as output:
            process = subprocess.Popen(
                [*command, "pyconguide.asgi:application"],
                cwd=Path(__file__).resolve().parent.parent,
                env=child_env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        processes.append(process)
        wait_for_port(port, process, log)
        start.logs[f"127.0.0.1:{port}"] = log
        return f"127.0.0.1:{port}"

    start.logs = {}  # host → the file its output goes to
    yield start
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RedisServer:
    """A redis-server of the test's own on a free port, to stop and start again on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not answer on {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()  # as a crash would: no goodbye to the clients
            self.process.wait()
            self.process = None


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """Never the machine's shared Redis: tests that stop Redis stop only their own."""
    import shutil

    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def run_command():
    """Run `manage.py <args>` in a child process on this test's database (commit first: django_db(transaction=True)),
    with `env` added, as an operator's shell would beside the running site. Returns the CompletedProcess."""
    from django.db import connection

    def run(*args: str, **env: str) -> subprocess.CompletedProcess:
        child_env = {
            **os.environ,
            "DATABASE_URL": database_url_of(connection.settings_dict),
            "DJANGO_SETTINGS_MODULE": "pyconguide.settings",
            **env,
        }
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO_ROOT,
            env=child_env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    return run


def redis_is_reachable(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1) as probe:
            probe.sendall(b"PING\r\n")
            return probe.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_for_children():
    """Environment that puts child processes (Daphne, a command) on one Redis channel layer of their own:
    REDIS_URL as configured, else the local Redis when one answers; skips the test when none does. The
    prefix is unique, so runs at the same time on one Redis never hear each other."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    if not redis_is_reachable(url):
        pytest.skip(f"needs Redis ({url} does not answer): a command reaches Daphne only through Redis")
    return {"REDIS_URL": url, "CHANNELS_PREFIX": f"test-{os.getpid()}-{next(_counter)}"}


def shared_data() -> Path:
    """The real data folder: `$PYCONGUIDE_SHARED_DATA`, else `shared/data` beside the repository."""
    configured = os.environ.get("PYCONGUIDE_SHARED_DATA")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data_dir() -> Path:
    return shared_data()


@pytest.fixture(scope="session")
def pycon_archive() -> Path:
    folder = shared_data() / "pycon-archive"
    if not (folder / "2016" / "schedule" / "index.html").is_file():
        pytest.fail(f"real PyCon pages not found in {folder}; set PYCONGUIDE_SHARED_DATA")
    return folder


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest's output for failures


@pytest.fixture(scope="session")
def archive_url(pycon_archive: Path) -> Iterator[str]:
    """Base URL of a static server over the archive, as us.pycon.org once answered."""
    handler = functools.partial(QuietHandler, directory=str(pycon_archive))
    with serving(handler) as base_url:
        yield base_url


class serving:
    """Run `handler` on a free local port in a thread for the length of a `with` block."""

    def __init__(self, handler: object) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # type: ignore[arg-type]
        # A short poll interval lets `shutdown()` return quickly.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def serve() -> type[serving]:
    """`with serve(Handler) as base_url:` runs a custom handler for one test."""
    return serving


@pytest.fixture(scope="session")
def archive_page(pycon_archive: Path):
    """`archive_page("2016/schedule/talks/")`: the bytes the site served at that path."""

    def read(path: str) -> bytes:
        return (pycon_archive / path / "index.html").read_bytes()

    return read


MOVED, REROOMED, VANISHED = "1658", "2073", "1694"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _empty_cell(page: Path, source_id: str) -> None:
    """Empty the grid cell of one presentation, as the site shows a slot whose talk was withdrawn."""
    from lxml import html

    document = html.fromstring(page.read_bytes())
    for link in document.xpath(f'//td[contains(@class, "slot")]//a[contains(@href, "/presentation/{source_id}/")]'):
        cell = link.xpath("ancestor::td[1]")[0]
        for child in list(cell):
            cell.remove(child)
        cell.text = ""
        cell.set("class", "slot slot-")
    page.write_bytes(html.tostring(document, doctype="<!DOCTYPE html>", encoding="utf-8"))


@pytest.fixture(scope="session")
def changed_archive_dir(pycon_archive: Path, tmp_path_factory) -> Path:
    """A copy of the 2016 site after a change: talk 1658 moved to 2:35 PM, 2073 changed room, 1694 vanished."""
    import shutil

    root = tmp_path_factory.mktemp("changed-archive")
    schedule = root / "2016" / "schedule"
    shutil.copytree(pycon_archive / "2016" / "schedule", schedule)
    session = schedule / "session" / "111" / "index.html"
    _edit(
        session,
        "2016-05-30 - 10:50:00 to 11:20:00 - talk in Oregon Ballroom 201–202",
        "2016-05-30 - 14:35:00 to 15:05:00 - talk in Oregon Ballroom 201–202",
    )
    _edit(
        session,
        "2016-05-30 - 11:30:00 to 12:00:00 - talk in Oregon Ballroom 201–202",
        "2016-05-30 - 11:30:00 to 12:00:00 - talk in Portland Ballroom 252–253",
    )
    for grid in (schedule / "index.html", schedule / "talks" / "index.html"):
        _empty_cell(grid, VANISHED)
    return root


class SwitchableSite:
    """One URL whose pages can be swapped between folders, like a live site that changes between scrapes."""

    def __init__(self, root: Path):
        self.root = root
        self.url = ""

    def show(self, root: Path) -> None:
        self.root = root

    def handler(self, *args, **kwargs):
        return QuietHandler(*args, directory=str(self.root), **kwargs)


@pytest.fixture
def pycon_site(pycon_archive: Path) -> Iterator[SwitchableSite]:
    site = SwitchableSite(pycon_archive)
    with serving(site.handler) as base_url:
        site.url = base_url
        yield site


@pytest.fixture
def read_calendar():
    """Parse a feed the way two different clients would, failing on anything either rejects."""
    import vobject
    from icalendar import Calendar

    def read(content: bytes):
        calendar = Calendar.from_ical(content)
        assert [component.errors for component in calendar.walk() if component.errors] == []
        vobject.readOne(content.decode("utf-8"), validate=True)
        return calendar

    return read


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache (built calendar feeds are kept there)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


class LiveClient:
    """What a browser does against a real Daphne: sockets with an Origin and a session cookie, pages and
    forms over HTTP (never through a proxy: everything is on 127.0.0.1)."""

    WAIT = 10  # seconds: a generous bound for what should take milliseconds

    async def socket(self, host: str, slug: str, cookie: str | None = None, origin: str | None = None):
        from websockets.asyncio.client import connect

        headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
        return await connect(
            f"ws://{host}/ws/?conference={slug}",
            origin=origin or f"http://{host}",
            additional_headers=headers,
            proxy=None,
            open_timeout=self.WAIT,
        )

    async def ready(self, socket) -> None:
        """Returns once the server has finished `connect()` (groups joined): it answers a frame only after."""
        await socket.send("{}")
        answer = await self.next_message(socket)
        assert answer["error"] == "bad_message", answer

    async def next_message(self, socket) -> dict:
        import asyncio
        import json

        return json.loads(await asyncio.wait_for(socket.recv(), self.WAIT))

    async def next_messages(self, socket, count: int) -> list[dict]:
        received = [await self.next_message(socket) for _ in range(count)]
        # Two groups, two PUBLISHes: their order between groups is not promised.
        return sorted(received, key=lambda message: message["type"])

    def session(self, cookie: str | None = None):
        import requests

        session = requests.Session()
        session.trust_env = False
        if cookie:
            session.cookies.set("sessionid", cookie, domain="127.0.0.1")
        return session

    def get(self, host: str, path: str, cookie: str | None = None):
        return self.session(cookie).get(f"http://{host}{path}", timeout=self.WAIT, allow_redirects=False)

    def post_form(self, host: str, cookie: str, *, page: str, path: str, data: dict):
        """Open the page (CSRF cookie and token), then submit its form."""
        import re

        session = self.session(cookie)
        text = session.get(f"http://{host}{page}", timeout=self.WAIT).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
        return session.post(
            f"http://{host}{path}",
            data={**data, "csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=self.WAIT,
        )


@pytest.fixture
def live_client() -> LiveClient:
    return LiveClient()
