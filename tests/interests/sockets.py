"""Helpers of the live socket tests: a socket opened through the real ASGI application with its snapshot
read, the frames it should hear next, an error answered to a frame, the interests stored."""

from __future__ import annotations

import json

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from interests.models import Interest
from pyconguide.asgi import application

ORIGIN = (b"origin", b"http://testserver")


async def open_socket(path: str, *, cookie: str | None = None, origin=ORIGIN) -> WebsocketCommunicator:
    """An open socket, its first frame (the snapshot) read into `socket.snapshot`."""
    headers = [origin] if origin else []
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    socket = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await socket.connect()
    assert connected
    socket.snapshot = await socket.receive_json_from()
    assert socket.snapshot["type"] == "snapshot", socket.snapshot
    return socket


def counts(socket, after: int, **counts_by_talk) -> dict:
    """The merged counts frame `after` changes past the socket's snapshot (talks given as t<pk>=n)."""
    return {
        "type": "counts",
        "seq": socket.snapshot["seq"]["conference"] + after,
        "counts": {name[1:]: n for name, n in counts_by_talk.items()},
    }


def interest(socket, after: int, presentation: int, interested: bool) -> dict:
    seq = socket.snapshot["seq"]["user"] + after
    return {"type": "interest", "presentation": presentation, "interested": interested, "seq": seq}


async def error_for(socket: WebsocketCommunicator, frame) -> dict:
    if isinstance(frame, bytes):
        await socket.send_to(bytes_data=frame)
    else:
        await socket.send_to(text_data=frame if isinstance(frame, str) else json.dumps(frame))
    return await socket.receive_json_from()


async def interests_in_db() -> list[tuple[str, int]]:
    return await database_sync_to_async(
        lambda: list(Interest.objects.values_list("user__username", "presentation_id").order_by("pk"))
    )()
