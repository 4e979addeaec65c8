"""The one-port router of `make cluster`: a connection whose first request is for /ws/ reaches Daphne's
port, any other reaches the HTTP server's, bytes untouched both ways."""

from __future__ import annotations

import asyncio

import pytest

from pyconguide.router import backend_for, serve
from tests.processes import free_port

HTTP, WS = ("127.0.0.1", 1), ("127.0.0.1", 2)


@pytest.mark.parametrize(
    ("line", "backend"),
    [
        (b"GET /ws/?conference=fosdem-2024 HTTP/1.1\r\n", WS),
        (b"GET /ws HTTP/1.1\r\n", WS),
        (b"GET /fosdem-2024/ HTTP/1.1\r\n", HTTP),
        (b"GET /wsx/ HTTP/1.1\r\n", HTTP),
        (b"garbage\r\n", HTTP),
    ],
)
def test_router_sends_ws_paths_to_daphne_and_the_rest_to_http(line, backend):
    assert backend_for(line, HTTP, WS) == backend


async def named_backend(name: bytes) -> tuple[asyncio.Server, int]:
    async def answer(reader, writer):
        request = await reader.readuntil(b"\r\n\r\n")
        body = name + b" " + request.split(b" ")[1]
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def ask(port: int, path: str) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    await writer.drain()
    answer = await reader.read()
    writer.close()
    return answer.split(b"\r\n\r\n", 1)[1]


@pytest.mark.asyncio
async def test_router_passes_requests_and_answers_through():
    http, http_port = await named_backend(b"granian")
    ws, ws_port = await named_backend(b"daphne")
    port = free_port()
    router = asyncio.create_task(serve("127.0.0.1", port, ("127.0.0.1", http_port), ("127.0.0.1", ws_port)))
    for _ in range(50):
        try:
            await ask(port, "/")
            break
        except OSError:
            await asyncio.sleep(0.05)

    answers = [await ask(port, path) for path in ("/fosdem-2024/", "/ws/?conference=fosdem-2024")]

    router.cancel()
    http.close()
    ws.close()
    assert answers == [b"granian /fosdem-2024/", b"daphne /ws/?conference=fosdem-2024"]
