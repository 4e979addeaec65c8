"""interests/wire.py: the hub's frames reach Daphne's autobahn protocol directly, as bytes identical to
what Daphne's own `send` writes. These pin the one detail of Daphne the shortcut relies on (its `send` is
`partial(Server.handle_reply, protocol)`), against the installed Daphne; should it change, the shortcut is
not taken (daphne_protocol answers None) and these fail, saying so."""

from __future__ import annotations

import asyncio

from daphne.server import Server
from daphne.ws_protocol import WebSocketFactory, WebSocketProtocol
from twisted.internet.testing import StringTransport

from interests.wire import SCOPE_KEY, ConsumerWire, Frame, SocketWire, Wire, daphne_protocol

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
