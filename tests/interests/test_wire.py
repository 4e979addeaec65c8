"""interests/wire.py: the hub's frames reach Daphne's autobahn protocol directly, as bytes identical to
what Daphne's own `send` writes, and go to the socket at once unless Twisted still holds some of that
socket's bytes, in which case they queue behind them. These pin what the shortcut relies on against the
installed Daphne (its `send` is `partial(Server.handle_reply, protocol)`) and Twisted (a TCP transport's
buffer); should either change, these fail, saying so."""

from __future__ import annotations

import asyncio
import socket

from daphne.server import Server
from daphne.ws_protocol import WebSocketFactory, WebSocketProtocol
from twisted.internet import tcp
from twisted.internet.protocol import Protocol
from twisted.internet.testing import StringTransport

from interests.wire import SCOPE_KEY, ConsumerWire, Frame, SocketWire, Wire, daphne_protocol, write_through

TEXT = '{"type": "counts", "seq": 7, "counts": {"12": 3}, "title": "Café ☕"}'


def daphne_server() -> Server:
    """Daphne's server as its `run` sets it up, without listening."""
    server = Server(application=None, endpoints=["tcp:port=0:interface=127.0.0.1"])
    server.connections = {}
    server.ws_factory = WebSocketFactory(server, server=server.server_name)
    return server


def open_socket(server: Server) -> WebSocketProtocol:
    """A Daphne websocket protocol in the open state, writing to memory."""
    protocol = server.ws_factory.buildProtocol(None)
    protocol.makeConnection(StringTransport())
    protocol.transport.clear()
    protocol.client_addr = ["127.0.0.1", 50000]  # set by onConnect, from the handshake this skips
    protocol.state = protocol.STATE_OPEN
    server.connections[protocol] = {}
    return protocol


def send_of(server: Server, protocol: WebSocketProtocol):
    """The `send` Daphne gives the ASGI application of `protocol`'s connection, through Wire."""
    seen = {}

    async def app(scope, receive, send):
        seen["wire"] = scope[SCOPE_KEY]
        seen["send"] = send

    server.application = Wire(app)

    async def create():
        server.create_application(protocol, {"type": "websocket"})
        await server.connections[protocol]["application_instance"]

    asyncio.run(create())
    return seen


def test_daphne_send_leads_to_the_protocol():
    server = daphne_server()
    protocol = open_socket(server)
    seen = send_of(server, protocol)
    assert daphne_protocol(seen["send"]) is protocol, "Daphne's send is no longer partial(handle_reply, protocol)"
    assert seen["wire"].protocol is protocol


def test_a_prepared_frame_is_the_bytes_daphne_writes():
    server = daphne_server()
    through_daphne, through_wire = open_socket(server), open_socket(server)
    asyncio.run(server.handle_reply(through_daphne, {"type": "websocket.send", "text": TEXT}))
    wire = send_of(server, through_wire)["wire"]
    assert wire.write_now(Frame(TEXT)) is True
    assert through_wire.transport.value() == through_daphne.transport.value()
    assert through_wire.transport.value().endswith(TEXT.encode("utf-8"))


def test_nothing_is_written_to_a_socket_daphne_let_go():
    server = daphne_server()
    protocol = open_socket(server)
    wire = send_of(server, protocol)["wire"]
    server.connections[protocol]["disconnected"] = True
    assert wire.write_now(Frame(TEXT)) is True  # handled: nothing to write
    assert protocol.transport.value() == b""
    server.connections[protocol]["disconnected"] = False
    protocol.state = protocol.STATE_CLOSING
    wire.write_now(Frame(TEXT))
    assert protocol.transport.value() == b""


def test_any_other_send_takes_the_asgi_path():
    sent = []

    async def send(message):
        sent.append(message)

    wire = SocketWire(send)
    assert wire.protocol is None and wire.write_now(Frame(TEXT)) is False
    asyncio.run(wire.write(Frame(TEXT)))
    assert sent == [{"type": "websocket.send", "text": TEXT}]


def test_a_consumer_without_wire_sends_itself():
    class Consumer:
        def __init__(self):
            self.sent = []

        async def send(self, text_data=None):
            self.sent.append(text_data)

    consumer = Consumer()
    wire = ConsumerWire(consumer)
    assert wire.write_now(Frame(TEXT)) is False
    asyncio.run(wire.write(Frame(TEXT)))
    assert consumer.sent == [TEXT]


class Reactor:
    """What a Twisted transport asks of its reactor, remembered instead of done."""

    def __init__(self) -> None:
        self.writers = set()

    def addWriter(self, writer) -> None:
        self.writers.add(writer)

    def removeWriter(self, writer) -> None:
        self.writers.discard(writer)

    def addReader(self, reader) -> None:
        pass

    def removeReader(self, reader) -> None:
        pass


def tcp_pair():
    """A Twisted TCP transport on one end of a socket pair, the other end a plain socket to read from."""
    ours, theirs = socket.socketpair()
    ours.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    theirs.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    reactor = Reactor()
    transport = tcp.Connection(ours, Protocol(), reactor)
    transport.connected = True
    return transport, theirs, reactor


def read_all(peer: socket.socket) -> bytes:
    peer.setblocking(False)
    chunks = []
    while True:
        try:
            chunk = peer.recv(65536)
        except BlockingIOError:
            return b"".join(chunks)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def test_a_frame_goes_to_the_socket_at_once_when_nothing_waits():
    transport, peer, reactor = tcp_pair()
    write_through(transport, b"frame one")
    assert read_all(peer) == b"frame one"
    assert not reactor.writers, "no loop turn needed, so the socket is not registered for writing"
    transport.socket.close()
    peer.close()


def test_frames_queue_behind_bytes_twisted_still_holds_and_arrive_in_order():
    transport, peer, reactor = tcp_pair()
    big = bytes(range(256)) * 4096  # 1 MiB: far more than the socket takes at once
    write_through(transport, big)
    assert reactor.writers == {transport}, "what the kernel did not take waits in Twisted's buffer"
    frames = [f"frame {n};".encode() for n in range(200)]
    for frame in frames:
        write_through(transport, frame)  # must not jump the queue
    transport.write(b"through twisted;")
    write_through(transport, b"last")
    expected = big + b"".join(frames) + b"through twisted;last"
    received = b""
    while transport in reactor.writers:
        received += read_all(peer)
        assert transport.doWrite() is None
    received += read_all(peer)
    assert received == expected
    transport.socket.close()
    peer.close()


def test_a_lost_peer_is_left_to_twisted():
    transport, peer, reactor = tcp_pair()
    peer.close()
    write_through(transport, b"x" * 100_000)  # no exception here: Twisted's next write finds the loss
    assert reactor.writers == {transport}
    assert transport.doWrite() is not None  # Twisted's doWrite reports the lost connection
    transport.socket.close()


def test_tls_and_other_transports_go_through_their_own_write():
    transport, peer, reactor = tcp_pair()
    transport.TLS = True  # as startTLS leaves it
    written = []
    transport.write = written.append
    write_through(transport, b"secret")
    assert written == [b"secret"] and read_all(peer) == b""
    other = StringTransport()
    write_through(other, b"frame")
    assert other.value() == b"frame"
    transport.socket.close()
    peer.close()
