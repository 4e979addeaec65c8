"""Is the channel layer carrying messages? For `/healthz`, and for the sockets of this process.

While Redis is down, a socket held by this process hears nothing, and when Redis comes back nothing
replays what it missed; the page would go on showing stale counts without knowing it. So each process
that holds sockets sends itself a message through the layer every few seconds; when one does not come
back, every socket of the process is closed (code 4503). Browsers reconnect with backoff: refused while
the layer is down, accepted once it is back, and after every open they re-read the state over HTTP
(docs/live.md, "How pages recover").
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from contextlib import suppress

from channels.layers import InMemoryChannelLayer

logger = logging.getLogger(__name__)

PROBE_EVERY = 2.0  # seconds between probes while the process holds sockets
# Generous: under a burst of fan-out the loop may be busy for a second or two, and a false alarm
# would drop every socket of the process at once.
PROBE_TIMEOUT = 10.0


async def _stop_listening(layer, channel: str) -> None:
    """Unsubscribe `channel`: the pub/sub layer does that only when a `receive` on it is cancelled."""
    waiting = asyncio.ensure_future(layer.receive(channel))
    await asyncio.sleep(0)
    waiting.cancel()
    with suppress(asyncio.CancelledError, Exception):
        await waiting


async def layer_round_trip(layer, timeout: float) -> None:
    """Send a message to a channel of this process and receive it; raises if the layer cannot."""
    channel = await layer.new_channel("probe.")
    try:
        await layer.send(channel, {"type": "probe"})
    except Exception:
        await _stop_listening(layer, channel)
        raise
    # On a timeout the cancelled `receive` unsubscribes by itself.
    await asyncio.wait_for(layer.receive(channel), timeout)
    await _stop_listening(layer, channel)


class LayerWatch:
    """The sockets of one event loop (one Daphne process) and the probe that runs while there are any."""

    def __init__(self, layer) -> None:
        self.layer = layer
        self.sockets: weakref.WeakSet = weakref.WeakSet()
        self.task: asyncio.Task | None = None

    def add(self, socket) -> None:
        self.sockets.add(socket)
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self.run())

    def discard(self, socket) -> None:
        self.sockets.discard(socket)

    async def run(self) -> None:
        while self.sockets:
            await asyncio.sleep(PROBE_EVERY)
            try:
                await asyncio.wait_for(layer_round_trip(self.layer, PROBE_TIMEOUT), PROBE_TIMEOUT)
            except Exception as error:
                await self.close_all(error)

    async def close_all(self, error: Exception) -> None:
        sockets = list(self.sockets)
        logger.warning(
            "channel layer failed (%s): closing %d live sockets so that they reconnect and resync",
            str(error) or type(error).__name__,
            len(sockets),
        )
        for socket in sockets:
            self.sockets.discard(socket)
            with suppress(Exception):
                await socket.layer_lost()


_watches: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def watch(socket, layer) -> None:
    """Keep `socket` (a LiveConsumer) under watch; nothing to watch for the in-process layer."""
    if layer is None or isinstance(layer, InMemoryChannelLayer):
        return
    loop = asyncio.get_running_loop()
    if loop not in _watches:
        _watches[loop] = LayerWatch(layer)
    _watches[loop].add(socket)


def unwatch(socket) -> None:
    with suppress(RuntimeError):
        current = _watches.get(asyncio.get_running_loop())
        if current is not None:
            current.discard(socket)
