"""The fetch layer against real local HTTP servers: the archive, and small misbehaving ones."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import ClassVar

import pytest

from scraper.fetch import Fetcher, FetchError


@dataclass
class Plan:
    """What a `CountingHandler` answers (path → statuses, one per request, the last repeated) and saw."""

    statuses: dict[str, list[int]] = field(default_factory=dict)
    seen: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    active: int = 0
    most_active: int = 0

    def answer(self, path: str, user_agent: str) -> int:
        with self.lock:
            self.seen.append((path, user_agent))
            statuses = self.statuses.get(path, [404])
            self.active += 1
            self.most_active = max(self.most_active, self.active)
            return statuses.pop(0) if len(statuses) > 1 else statuses[0]


class CountingHandler(BaseHTTPRequestHandler):
    plan: ClassVar[Plan]

    def do_GET(self) -> None:
        status = self.plan.answer(self.path, self.headers.get("User-Agent", ""))
        if self.path.startswith("/slow/"):
            time.sleep(0.05)  # long enough for requests to overlap
        body = f"page {self.path}".encode()
        # Done before answering: once the client has the answer it may send its next request at once, and
        # counting this one as still active then would see five at a time where the client has four.
        with self.plan.lock:
            self.plan.active -= 1
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def plan() -> Plan:
    return Plan()


@pytest.fixture
def handler(plan: Plan) -> type[CountingHandler]:
    return type("Handler", (CountingHandler,), {"plan": plan})


def test_get_real_page_returns_bytes(archive_url: str, pycon_archive) -> None:
    expected = (pycon_archive / "2016/schedule/talks/index.html").read_bytes()

    with Fetcher() as fetcher:
        body = fetcher.get(f"{archive_url}/2016/schedule/talks/")

    assert body == expected


def test_get_sends_user_agent_naming_pycon_guide(serve, handler, plan: Plan) -> None:
    plan.statuses = {"/a": [200]}
    with serve(handler) as base, Fetcher() as fetcher:
        fetcher.get(f"{base}/a")

    assert [path for path, _ in plan.seen] == ["/a"]
    assert "PyConGuide" in plan.seen[0][1]


def test_get_missing_page_raises_with_status(archive_url: str) -> None:
    url = f"{archive_url}/2016/schedule/presentation/1/"

    with Fetcher() as fetcher, pytest.raises(FetchError) as raised:
        fetcher.get(url)

    assert (raised.value.url, raised.value.status, raised.value.reason) == (
        url,
        404,
        "HTTP 404 File not found",
    )
    assert str(raised.value) == f"{url}: HTTP 404 File not found"


def test_get_retries_server_errors_then_succeeds(serve, handler, plan: Plan) -> None:
    plan.statuses = {"/flaky": [503, 500, 200]}

    with serve(handler) as base, Fetcher(backoff_factor=0) as fetcher:
        body = fetcher.get(f"{base}/flaky")

    assert body == b"page /flaky"
    assert len(plan.seen) == 3


def test_get_gives_up_after_three_attempts(serve, handler, plan: Plan) -> None:
    plan.statuses = {"/down": [429]}

    with serve(handler) as base, Fetcher(backoff_factor=0) as fetcher, pytest.raises(FetchError) as raised:
        fetcher.get(f"{base}/down")

    assert raised.value.status == 429
    assert len(plan.seen) == 3


def test_get_does_not_retry_not_found(serve, handler, plan: Plan) -> None:
    with serve(handler) as base, Fetcher(backoff_factor=0) as fetcher, pytest.raises(FetchError):
        fetcher.get(f"{base}/nothing")

    assert len(plan.seen) == 1


def test_get_unreachable_host_raises_fetch_error(serve, handler) -> None:
    with serve(handler) as base:
        pass  # the port is closed again once the block ends

    with Fetcher(backoff_factor=0) as fetcher, pytest.raises(FetchError) as raised:
        fetcher.get(f"{base}/a")

    assert raised.value.status is None
    assert raised.value.reason.startswith(("could not connect", "gave up after 3 attempts"))


def test_get_many_returns_bytes_and_errors_by_url(serve, handler, plan: Plan) -> None:
    plan.statuses = {"/a": [200], "/b": [200]}
    progress: list[tuple[int, int]] = []

    with serve(handler) as base, Fetcher(backoff_factor=0) as fetcher:
        urls = [f"{base}/a", f"{base}/missing", f"{base}/b", f"{base}/a"]
        results = fetcher.get_many(urls, on_done=lambda done, total: progress.append((done, total)))

    assert list(results) == [f"{base}/a", f"{base}/missing", f"{base}/b"]
    assert results[f"{base}/a"] == b"page /a"
    assert results[f"{base}/b"] == b"page /b"
    missing = results[f"{base}/missing"]
    assert isinstance(missing, FetchError) and missing.status == 404
    assert progress == [(1, 3), (2, 3), (3, 3)]


def test_get_many_runs_at_most_four_at_a_time(serve, handler, plan: Plan) -> None:
    plan.statuses = {f"/slow/{n}": [200] for n in range(12)}

    with serve(handler) as base, Fetcher() as fetcher:
        results = fetcher.get_many(f"{base}/slow/{n}" for n in range(12))

    assert all(isinstance(body, bytes) for body in results.values())
    assert 1 < plan.most_active <= 4


def test_get_many_of_nothing_is_empty() -> None:
    with Fetcher() as fetcher:
        assert fetcher.get_many([]) == {}
