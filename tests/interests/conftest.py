"""The interests suite's own harness: a Redis server to stop and start, and a client that does what a
browser does against a real Daphne."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

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
