"""One hub per process (per event loop): the registry of its live sockets, the one layer channel that reads
every group they need, the one reader, the pacing of merged counts, and the probe.

Sockets take no channel of their own (LiveConsumer.channel_layer_alias is None): the hub's channel joins a
group when the first socket needs it and leaves it with the last, so Redis holds one subscription per
group per process, however many sockets are open. Messages come numbered (interests/streams.py):

- a message older than what the hub has is dropped; one that skips numbers means messages were lost
  between Redis and this process, and every socket on that stream is sent a fresh `snapshot`;
- `interest` goes at once to the user's sockets, `presentation` at once to the conference's (after any
  counts still waiting), counts are merged (interests/live_state.py) and sent at a pace that follows how
  long sending takes: at least MIN_INTERVAL apart, longer while the process is busy;
- every PROBE_EVERY seconds (Redis only) the hub reads where each of its streams stands in Redis, then
  sends itself a probe on its own channel. The probe comes back behind every message numbered before that
  read, so a stream still behind then lost messages (a blip shorter than the probe): fresh snapshots. A
  probe that does not come back means the layer is gone: every socket is closed with 4503 and pages
  reconnect (refused until Redis is back), each to a fresh snapshot.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import weakref
from contextlib import suppress

from channels.layers import InMemoryChannelLayer, get_channel_layer

from interests.broadcast import conference_group, user_group
from interests.live_state import ConferenceStream, UserStream, snapshot_of
from interests.socket_caps import SocketCaps
from interests.streams import streams
from interests.wire import Frame

logger = logging.getLogger(__name__)

MIN_INTERVAL = 0.1  # seconds between two merged counts frames to one socket
MAX_INTERVAL = 1.0
PROBE_EVERY = 2.0
# Generous: under a burst the loop may be busy for a second or two, and a false alarm drops every socket.
PROBE_TIMEOUT = 10.0
_probe_ids = itertools.count(1)


class Hub:
    def __init__(self, layer) -> None:
        self.layer = layer
        self.streams = streams()
        self.channel: str | None = None
        self.groups: dict[str, ConferenceStream | UserStream] = {}
        self.sockets: set = set()
        self.lock = asyncio.Lock()
        self.tasks: list[asyncio.Task] = []
        self.counts_waiting = asyncio.Event()
        self.probes: dict[int, asyncio.Future] = {}
        self.watched = not isinstance(layer, InMemoryChannelLayer)
        self.caps = SocketCaps()

    # --- the registry ------------------------------------------------------------------------------

    async def join(self, socket, *, conference_id: int, user_id: int | None) -> None:
        """Register `socket` on its streams (raises when the layer cannot subscribe). It is sent nothing
        until `send_snapshot` has given it a starting point."""
        socket.conference_seq = socket.user_seq = None
        async with self.lock:
            if self.channel is None:
                self.channel = await self.layer.new_channel("hub.")
                self.tasks = [asyncio.ensure_future(self.read()), asyncio.ensure_future(self.pace())]
                if self.watched:
                    self.tasks.append(asyncio.ensure_future(self.watch()))
            socket.conference_stream = await self._stream(conference_group(conference_id), conference_id)
            socket.user_stream = await self._stream(user_group(user_id)) if user_id else None
        for stream in (socket.conference_stream, socket.user_stream):
            if stream is not None:
                stream.sockets.add(socket)
        self.sockets.add(socket)

    async def _stream(self, group: str, conference_id: int | None = None):
        stream = self.groups.get(group)
        if stream is None:
            await self.layer.group_add(group, self.channel)
            # After subscribing: whatever is numbered past this reaches the reader.
            seq = (await asyncio.to_thread(self.streams.current, [group]))[group]
            if conference_id is None:
                stream = UserStream(group, seq)
            else:
                stream = ConferenceStream(group, seq, conference_id)
            self.groups[group] = stream
        return stream

    async def leave(self, socket) -> None:
        self.sockets.discard(socket)
        async with self.lock:
            for stream in (getattr(socket, "conference_stream", None), getattr(socket, "user_stream", None)):
                if stream is None:
                    continue
                stream.sockets.discard(socket)
                if not stream.sockets and self.groups.get(stream.group) is stream:
                    del self.groups[stream.group]
                    try:
                        await self.layer.group_discard(stream.group, self.channel)
                    except Exception as error:  # Redis down: the subscription goes with the connection
                        logger.warning("live stream %s not left: %s", stream.group, error)

    async def send_snapshot(self, socket, *, fresh: bool = False) -> None:
        """`fresh`: read the counts from the database again (a `sync`: the page thinks it missed something)."""
        if fresh:
            socket.conference_stream.forget()
        user_id = socket.user.pk if socket.user_stream is not None else None
        frame, conference_seq, user_seq = await snapshot_of(socket.conference_stream, socket.user_stream, user_id)
        # Set before sending: whatever is sent to this socket from now on is newer than the snapshot.
        socket.conference_seq, socket.user_seq = conference_seq, user_seq
        await socket.send(text_data=json.dumps(frame))

    # --- reading ------------------------------------------------------------------------------------

    async def read(self) -> None:
        while True:
            message = await self.layer.receive(self.channel)
            try:
                if message.get("type") == "probe":
                    future = self.probes.pop(message.get("id"), None)
                    if future is not None and not future.done():
                        future.set_result(None)
                elif message.get("type") == "live":
                    await self.heard(message["group"], message["seq"], json.loads(message["event"]))
            except Exception:  # one bad message must not stop the live updates of the whole process
                logger.exception("Could not deliver a live message")

    async def heard(self, group: str, seq: int, event: dict) -> None:
        stream = self.groups.get(group)
        if stream is None or seq <= stream.seq:
            return
        lost = seq > stream.seq + 1
        stream.seq = seq
        if event["type"] == "count":
            stream.heard_count(event["presentation"], event["count"], seq)
        if lost:
            await self.resync(stream, f"seq {seq} came after a gap")
        elif event["type"] == "count":
            self.counts_waiting.set()
        elif event["type"] == "presentation":
            await self.flush_counts()
            await self._send_newer(stream, {**event, "seq": seq}, "conference_seq")
        elif event["type"] == "interest":
            await self._send_newer(stream, {**event, "seq": seq}, "user_seq")

    async def _send_newer(self, stream, message: dict, field: str) -> None:
        frame = Frame(json.dumps(message))
        for socket in list(stream.sockets):
            started = getattr(socket, field)
            if started is not None and started < message["seq"]:
                setattr(socket, field, message["seq"])
                await self._send(socket, frame)

    async def resync(self, stream, why: str) -> None:
        count = len(stream.sockets)
        logger.warning("live stream %s: %s; sending %d sockets a fresh snapshot", stream.group, why, count)
        if isinstance(stream, ConferenceStream):
            stream.forget()
        for socket in list(stream.sockets):
            if socket.conference_seq is not None:
                asyncio.ensure_future(self._resend_snapshot(socket))

    async def _resend_snapshot(self, socket) -> None:
        try:
            await self.send_snapshot(socket)
        except Exception as error:
            logger.warning("fresh snapshot not sent: %s", error)

    async def _send(self, socket, frame: Frame) -> None:
        try:
            if not socket.wire.write_now(frame):
                await socket.wire.write(frame)
        except Exception as error:  # a socket closing under us; the others still get theirs
            logger.info("live message not sent to a closing socket: %s", error)

    # --- merged counts --------------------------------------------------------------------------------

    # The pause between two rounds of counts; tests put a gate of their own here.
    rest = staticmethod(asyncio.sleep)

    async def pace(self) -> None:
        """Leading edge: counts that arrive while the pacer waits go out at once; what arrives during the
        rest after a round merges into the next round."""
        loop = asyncio.get_running_loop()
        while True:
            await self.counts_waiting.wait()
            self.counts_waiting.clear()
            started = loop.time()
            await self.flush_counts()
            await self.rest(min(MAX_INTERVAL, max(MIN_INTERVAL, 2 * (loop.time() - started))))

    async def flush_counts(self) -> None:
        for stream in list(self.groups.values()):
            if isinstance(stream, ConferenceStream):
                if stream.counts is None and not await self._read_counts(stream):
                    continue
                for text, sockets in stream.frames_for(stream.sockets):
                    frame = Frame(text)
                    for socket in sockets:
                        await self._send(socket, frame)

    async def _read_counts(self, stream: ConferenceStream) -> bool:
        """Counts thrown away (a gap, a `sync`) and not read again yet: read them, or try again later."""
        try:
            await stream.current_counts()
            return True
        except Exception as error:
            logger.warning("live stream %s: counts not read (%s); trying again", stream.group, error)
            self.counts_waiting.set()
            return False

    # --- the probe ------------------------------------------------------------------------------------

    async def watch(self) -> None:
        while True:
            await asyncio.sleep(PROBE_EVERY)
            if not self.sockets:
                continue
            try:
                await asyncio.wait_for(self.probe(), PROBE_TIMEOUT)
            except Exception as error:
                await self.layer_lost(error)
                return

    async def probe(self) -> None:
        groups = list(self.groups)
        standing = await asyncio.to_thread(self.streams.current, groups)
        probe_id = next(_probe_ids)
        arrived = self.probes[probe_id] = asyncio.get_running_loop().create_future()
        try:
            await self.layer.send(self.channel, {"type": "probe", "id": probe_id})
            await arrived
        finally:
            self.probes.pop(probe_id, None)
        for group, seq in standing.items():
            stream = self.groups.get(group)
            if stream is not None and stream.seq < seq:
                stream.seq = seq
                await self.resync(stream, f"Redis stands at {seq}, messages were lost")

    async def layer_lost(self, error: Exception) -> None:
        """Close every socket (4503) and start again from nothing: pages reconnect to fresh snapshots."""
        logger.warning(
            "channel layer failed (%s): closing %d live sockets so that they reconnect and resync",
            str(error) or type(error).__name__,
            len(self.sockets),
        )
        _hubs.pop(asyncio.get_running_loop(), None)
        for task in self.tasks:
            if task is not asyncio.current_task():
                task.cancel()
        for socket in list(self.sockets):
            with suppress(Exception):
                await socket.layer_lost()


_hubs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def hub() -> Hub:
    """The hub of the running event loop (one per Daphne process)."""
    loop = asyncio.get_running_loop()
    layer = get_channel_layer()
    current = _hubs.get(loop)
    if current is None or current.layer is not layer:
        current = _hubs[loop] = Hub(layer)
    return current


async def _stop_listening(layer, channel: str) -> None:
    """Unsubscribe `channel`: the pub/sub layer does that only when a `receive` on it is cancelled."""
    waiting = asyncio.ensure_future(layer.receive(channel))
    await asyncio.sleep(0)
    waiting.cancel()
    with suppress(asyncio.CancelledError, Exception):
        await waiting


async def layer_round_trip(layer, timeout: float) -> None:
    """For /healthz: send a message to a new channel of this process and receive it; raises if the layer
    cannot."""
    channel = await layer.new_channel("probe.")
    try:
        await layer.send(channel, {"type": "probe"})
    except Exception:
        await _stop_listening(layer, channel)
        raise
    # On a timeout the cancelled `receive` unsubscribes by itself.
    await asyncio.wait_for(layer.receive(channel), timeout)
    await _stop_listening(layer, channel)
