"""Writing one frame to many sockets of this process for little more than the cost of one.

The hub (interests/hub.py) sends the same text to thousands of sockets. Through ASGI each copy costs a
trip down every middleware's `send` (the access log, Channels' session wrapper), then Daphne's
`handle_reply`, which encodes the text to UTF-8 and has autobahn frame it again: about a third of a
busy process's time in py-spy. `Wire`, the outermost ASGI layer (pyconguide/asgi.py), keeps each
socket's own `send` from the server, under every middleware, so that the hub writes there directly (those
middlewares do nothing with a `websocket.send`), and, under Daphne, also the socket's autobahn protocol:
then `Frame` encodes and frames the text once per process (autobahn's public `prepareMessage`) and each
socket gets the same bytes (`sendPreparedMessage`).

Daphne gives no ASGI extension for this. What the hub relies on is that Daphne's `send` is
`functools.partial(Server.handle_reply, protocol)` with autobahn's WebSocketServerProtocol: an internal
detail, so it is checked, not assumed. Anything else (another server, Channels' test communicator) gets the
plain ASGI path, the same frames. tests/interests/test_wire.py pins the Daphne path against a real Daphne.
"""

from __future__ import annotations

import functools

SCOPE_KEY = "pyconguide.wire"


def daphne_protocol(send):
    """The autobahn protocol behind Daphne's `send` for one socket, or None when `send` is not that."""
    if not isinstance(send, functools.partial) or len(send.args) != 1 or send.keywords:
        return None
    server = getattr(send.func, "__self__", None)
    protocol = send.args[0]
    if getattr(send.func, "__name__", "") != "handle_reply" or not hasattr(server, "connections"):
        return None
    if not all(hasattr(protocol, name) for name in ("sendPreparedMessage", "factory", "state", "STATE_OPEN")):
        return None
    return protocol


class Wire:
    """The ASGI middleware, outermost: it gives websocket scopes the socket's own `send` (SCOPE_KEY)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket":
            scope = {**scope, SCOPE_KEY: SocketWire(send)}
        return await self.app(scope, receive, send)


class SocketWire:
    """One socket's way out: Daphne's protocol when there is one, else the server's ASGI `send`."""

    __slots__ = ("send", "protocol", "server")

    def __init__(self, send) -> None:
        self.send = send
        self.protocol = daphne_protocol(send)
        self.server = send.func.__self__ if self.protocol is not None else None

    def open(self) -> bool:
        """Whether Daphne still has the socket (what its `handle_reply` checks before sending)."""
        protocol = self.protocol
        connection = self.server.connections.get(protocol)
        return connection is not None and not connection.get("disconnected") and protocol.state == protocol.STATE_OPEN

    def write_now(self, frame: Frame) -> bool:
        """Write `frame` at once through Daphne (nothing to await); False when this socket has no
        protocol to write to and the caller must `await write(frame)`."""
        if self.protocol is None:
            return False
        if self.open():
            self.protocol.sendPreparedMessage(frame.prepared(self.protocol))
        return True

    async def write(self, frame: Frame) -> None:
        if not self.write_now(frame):
            await self.send({"type": "websocket.send", "text": frame.text})


class ConsumerWire:
    """A socket without a `Wire` above it (Channels' test communicator): the consumer's own `send`."""

    __slots__ = ("consumer",)

    def __init__(self, consumer) -> None:
        self.consumer = consumer

    def write_now(self, frame: Frame) -> bool:
        return False

    async def write(self, frame: Frame) -> None:
        await self.consumer.send(text_data=frame.text)


class Frame:
    """One text frame for many sockets: encoded and framed once, on first use."""

    __slots__ = ("text", "_prepared")

    def __init__(self, text: str) -> None:
        self.text = text
        self._prepared = None

    def prepared(self, protocol):
        if self._prepared is None:
            self._prepared = protocol.factory.prepareMessage(self.text.encode("utf-8"))
        return self._prepared
