"""Writing one frame to many sockets of this process for little more than the cost of one.

The hub (interests/hub.py) sends the same text to thousands of sockets. Through ASGI each copy costs a
trip down every middleware's `send` (the access log, Channels' session wrapper), then Daphne's
`handle_reply`, which encodes the text to UTF-8 and has autobahn frame it again; then Twisted buffers the
bytes and registers the socket with the event loop, and a loop turn later writes them and unregisters it.
In py-spy on a Daphne process fanning out to 1,000 sockets that was about 90 µs of CPU per socket and
frame, six times what a bare `websockets` server spends. So:

- `Wire`, the outermost ASGI layer (pyconguide/asgi.py), keeps each socket's own `send` from the server,
  under every middleware (they do nothing with a `websocket.send`).
- Under Daphne that `send` leads to the socket's autobahn protocol. `Frame` encodes and frames the text
  once per process (autobahn's public `prepareMessage`), and every socket gets the same bytes.
- `write_through` hands those bytes to the socket at once when Twisted holds nothing unsent for it (the
  usual case: a frame is small and the kernel takes it whole), and to Twisted's buffer otherwise, so the
  bytes of a socket always leave in the order they were written. Measured the same way: about 30 µs.

Daphne gives no ASGI extension for any of this. What it relies on is checked, never assumed: Daphne's
`send` is `functools.partial(Server.handle_reply, protocol)` with autobahn's WebSocketServerProtocol, and
a plain TCP transport's buffer is Twisted's `FileDescriptor.dataBuffer`, `offset` and `_tempDataBuffer`
(unchanged since Twisted 12). tests/interests/test_wire.py pins both against the installed Daphne and
Twisted. Anything else (another server, TLS in Daphne, Channels' test communicator) takes the plain
path: the same frames, at the old cost.
"""

from __future__ import annotations

import functools

from twisted.internet import tcp

SCOPE_KEY = "pyconguide.wire"


def daphne_protocol(send):
    """The autobahn protocol behind Daphne's `send` for one socket, or None when `send` is not that."""
    if not isinstance(send, functools.partial) or len(send.args) != 1 or send.keywords:
        return None
    server = getattr(send.func, "__self__", None)
    protocol = send.args[0]
    if getattr(send.func, "__name__", "") != "handle_reply" or not hasattr(server, "connections"):
        return None
    if not all(hasattr(protocol, name) for name in ("send_queue", "factory", "state", "STATE_OPEN")):
        return None
    return protocol


def write_through(transport, data: bytes) -> None:
    """Write `data` to a Twisted transport: straight to the socket when it is plain TCP and nothing of it
    waits in Twisted's buffer, else (and for whatever the kernel does not take) as `transport.write`."""
    direct = (
        isinstance(transport, tcp.Connection)
        and not transport.TLS
        and transport.connected
        and not transport.disconnecting
        and not transport._writeDisconnected
        and not transport._tempDataBuffer
        and transport.offset == len(transport.dataBuffer)
    )
    sent = transport.writeSomeData(data) if direct else 0
    if not isinstance(sent, int):  # the connection is gone: let Twisted find out and close it its way
        sent = 0
    if sent < len(data):
        transport.write(data[sent:] if sent else data)


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
        protocol = self.protocol
        if protocol is None:
            return False
        if self.open():
            prepared = frame.prepared(protocol)
            if protocol.send_queue:  # autobahn is pacing writes of its own: queue behind them
                protocol.sendPreparedMessage(prepared)
            else:  # what sendPreparedMessage does for an uncompressed message, less its debug line
                write_through(protocol.transport, prepared.payloadHybi)
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
    """One text frame for many sockets: encoded and framed once, on first use. Never compressed (Daphne
    offers no compression), so the same bytes suit every socket."""

    __slots__ = ("text", "_prepared")

    def __init__(self, text: str) -> None:
        self.text = text
        self._prepared = None

    def prepared(self, protocol):
        if self._prepared is None:
            self._prepared = protocol.factory.prepareMessage(self.text.encode("utf-8"), doNotCompress=True)
        return self._prepared
