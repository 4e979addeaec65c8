"""Slow sites: a page that trickles, a server that never answers, a host that never completes a connection.
Each fetch ends in a clear line at its own deadline, never in a hang."""

from __future__ import annotations

import socket
import time
from http.server import BaseHTTPRequestHandler

import pytest

from scraper.fetch import Fetcher, FetchError


class Trickle(BaseHTTPRequestHandler):
    """Answers at once, then sends its body a byte at a time, slower than any page deadline."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        for _ in range(1000):
            try:
                self.wfile.write(b"x")
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.1)

    def log_message(self, format: str, *args: object) -> None:
        pass


class Silent(BaseHTTPRequestHandler):
    """Reads the request and never answers."""

    def do_GET(self) -> None:
        time.sleep(5)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_trickling_page_stops_at_the_page_deadline(serve) -> None:
    with serve(Trickle) as base, Fetcher(page_deadline=0.5, backoff_factor=0) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"still arriving after 0\.5 s \(page deadline\): not read"):
            fetcher.get(base + "/slow")

    assert time.monotonic() - started < 3


def test_a_silent_server_is_a_read_timeout_not_a_connection_failure(serve) -> None:
    with serve(Silent) as base, Fetcher(timeouts=(2, 0.3), backoff_factor=0) as fetcher:
        with pytest.raises(FetchError, match=r"connected, but no answer within 0\.3 s \(read timeout\)"):
            fetcher.get(base + "/quiet")


def test_a_host_that_never_completes_a_connection_is_a_connect_timeout() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)  # never accepted: once its queue is full, the kernel drops further SYNs
    host, port = listener.getsockname()
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex((host, port))
        fillers.append(filler)
    try:
        with Fetcher(timeouts=(0.3, 1), backoff_factor=0) as fetcher, pytest.raises(FetchError) as raised:
            fetcher.get(f"http://{host}:{port}/")
        assert raised.value.reason == "could not connect within 0.3 s (connect timeout)"
    finally:
        for filler in fillers:
            filler.close()
        listener.close()
