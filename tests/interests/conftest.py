"""The interests suite's own harness: a Redis server to stop and start, a client that does what a
browser does against a real Daphne, the talk, user and sockets the socket tests share, and PyCon US 2016
with talks made on demand."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async

from presentations.models import Presentation
from tests.interests.sockets import open_socket
from tests.processes import free_port


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
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


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

    async def ready(self, socket) -> dict:
        """Reads the socket's first frame, its snapshot (sent once its streams are joined), into
        `socket.snapshot`, and returns it."""
        socket.snapshot = await self.next_message(socket)
        assert socket.snapshot["type"] == "snapshot", socket.snapshot
        return socket.snapshot

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


@pytest.fixture
def talk(make_presentation):
    return make_presentation(conference=None)


@pytest_asyncio.fixture
async def anonymous(talk):
    socket = await open_socket(f"/ws/?conference={talk.conference.slug}")
    yield socket
    await socket.disconnect()


@pytest.fixture
def ada(make_user):
    return make_user(username="ada")


@pytest_asyncio.fixture
async def ada_socket(talk, ada, session_cookie):
    cookie = await database_sync_to_async(session_cookie)(ada)
    socket = await open_socket(f"/ws/?conference={talk.conference.slug}", cookie=cookie)
    yield socket
    await socket.disconnect()


@pytest.fixture
def pycon(make_conference):
    return make_conference(slug="pycon-2016", name="PyCon US 2016", timezone="America/Los_Angeles")


@pytest.fixture
def make_talks(pycon, make_presentation):
    def make(count: int, conference=None) -> list[Presentation]:
        first = datetime(2016, 5, 30, 10, 50, tzinfo=ZoneInfo("America/Los_Angeles"))
        return [make_presentation(conference or pycon, start=first + timedelta(minutes=40 * n)) for n in range(count)]

    return make
