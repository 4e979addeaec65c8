"""One reader per process for the live groups: a group message is received once and written to every
socket of this process in that group.

Channels would give every socket its own membership: each message is then copied into one queue per
socket and woken up, decoded and dispatched by one task per socket, which a profile of a Daphne process
fanning out to 1,000 sockets showed to cost about as much as writing the frames themselves
(docs/benchmarks.md, "Live fan-out"). Here the process's one channel joins each group that at least one
of its sockets is in, and leaves it with the last one. Messages name their group (interests/broadcast.py)
and carry their text ready to send.
"""

from __future__ import annotations

import asyncio
import logging
import weakref

logger = logging.getLogger(__name__)


class Fanout:
    """The groups of the sockets of one event loop (one Daphne process) and the task that reads for them."""

    def __init__(self, layer) -> None:
        self.layer = layer
        self.members: dict[str, set] = {}
        self.channel: str | None = None
        self.reader: asyncio.Task | None = None
        # Joins and leaves wait for Redis: without the lock, a thousand sockets opening at once would each
        # make a channel of their own, or leave a group another socket is joining.
        self.lock = asyncio.Lock()

    async def join(self, group: str, socket) -> None:
        async with self.lock:
            if self.channel is None:
                self.channel = await self.layer.new_channel("fanout.")
            if self.reader is None or self.reader.done():
                self.reader = asyncio.ensure_future(self.read())
            if group not in self.members:
                await self.layer.group_add(group, self.channel)
                self.members[group] = set()
            self.members[group].add(socket)

    async def leave(self, group: str, socket) -> None:
        async with self.lock:
            sockets = self.members.get(group)
            if sockets is None or socket not in sockets:
                return
            sockets.discard(socket)
            if not sockets:
                del self.members[group]
                await self.layer.group_discard(group, self.channel)

    async def read(self) -> None:
        while True:
            message = await self.layer.receive(self.channel)
            try:
                await self.deliver(message["group"], message["text"])
            except Exception:  # one bad message must not stop the live updates of the whole process
                logger.exception("Could not deliver a live message")

    async def deliver(self, group: str, text: str) -> None:
        for socket in list(self.members.get(group, ())):
            try:
                await socket.send(text_data=text)
            except Exception as error:  # a socket closing under us; the others still get theirs
                logger.info("live message not sent to a closing socket: %s", error)


_fanouts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def fanout_of(layer) -> Fanout:
    """The Fanout of the running event loop for `layer`."""
    loop = asyncio.get_running_loop()
    current = _fanouts.get(loop)
    if current is None or current.layer is not layer:
        current = _fanouts[loop] = Fanout(layer)
    return current
