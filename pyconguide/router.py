"""One port for the split site on one machine (`make cluster`): /ws/ to Daphne, everything else to Granian.

Production routes by path in the proxy that terminates TLS (docs/deploy.md, "Processes"); this is the same
rule for trying the layout on a laptop without one. Each TCP connection goes where its first request asks:
a browser opens every WebSocket on a connection of its own, so a page's requests and its socket part here.
Bytes are passed through untouched, in both directions.

    python -m pyconguide.router --port 8000 --http 127.0.0.1:8001 --ws 127.0.0.1:8002
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

FIRST_LINE_LIMIT = 16_384


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65_536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


def backend_for(request_line: bytes, http: tuple[str, int], ws: tuple[str, int]) -> tuple[str, int]:
    parts = request_line.split(b" ")
    path = parts[1] if len(parts) > 1 else b"/"
    return ws if path == b"/ws" or path.startswith((b"/ws/", b"/ws?")) else http


async def handle(client_reader, client_writer, http, ws) -> None:
    try:
        first = await client_reader.readuntil(b"\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        client_writer.close()
        return
    host, port = backend_for(first, http, ws)
    try:
        backend_reader, backend_writer = await asyncio.open_connection(host, port)
    except OSError:
        client_writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        client_writer.close()
        return
    backend_writer.write(first)
    await asyncio.gather(pipe(client_reader, backend_writer), pipe(backend_reader, client_writer))


def parse_address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    return host or "127.0.0.1", int(port)


async def serve(host: str, port: int, http, ws) -> None:
    server = await asyncio.start_server(
        lambda r, w: handle(r, w, http, ws), host, port, limit=FIRST_LINE_LIMIT, reuse_address=True
    )
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--http", type=parse_address, required=True, help="host:port of the HTTP server")
    parser.add_argument("--ws", type=parse_address, required=True, help="host:port of Daphne, for /ws/")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port, args.http, args.ws))


if __name__ == "__main__":
    main()
