"""Numbered live streams: every message to a group gets the next `seq` of that group's stream.

A stream is a channel-layer group (`conference.<pk>`, `user.<pk>`; interests/broadcast.py names them). Its
`seq` grows by exactly one per message, whichever process sends it, so a process that reads the group can
tell a lost message from a quiet stream (interests/hub.py).

- With Redis, one Lua script does `INCR` and `PUBLISH` together: Redis runs a script alone, so messages reach
  every subscriber in `seq` order. The message is packed in the script (Redis's own `cmsgpack`) in the shape
  the channels-redis pub/sub layer reads (msgpack, no encryption, no random prefix), onto the channel it
  uses for the group (`<prefix>__group__<group>`). A stream that Redis does not hold (new, or lost in a
  restart) starts from Redis's clock in microseconds, so after a restart its numbers jump ahead, never
  back, and every reader sees the jump as a gap.
- With the in-memory layer (one process), a counter per stream, taken on the event loop that sends.

Messages on the layer are `{"type": "live", "group": <group>, "seq": n, "event": "<JSON of the event>"}`.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings

logger = logging.getLogger(__name__)

# KEYS: the stream's counter, the group's pub/sub channel. ARGV: the group, the event's JSON.
PUBLISH = """
local seq
if redis.call('EXISTS', KEYS[1]) == 1 then
  seq = redis.call('INCR', KEYS[1])
else
  local now = redis.call('TIME')
  seq = tonumber(now[1]) * 1000000 + tonumber(now[2])
  redis.call('SET', KEYS[1], string.format('%d', seq))
end
redis.call('PUBLISH', KEYS[2], cmsgpack.pack({type = 'live', group = ARGV[1], seq = seq, event = ARGV[2]}))
return seq
"""

# KEYS: counters. Where the stream stands now; a stream Redis does not hold starts from the clock, as above.
CURRENT = """
local now = redis.call('TIME')
local start = tonumber(now[1]) * 1000000 + tonumber(now[2])
local seqs = {}
for i, key in ipairs(KEYS) do
  redis.call('SET', key, string.format('%d', start), 'NX')
  seqs[i] = tonumber(redis.call('GET', key))
end
return seqs
"""


class RedisStreams:
    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self.prefix = prefix
        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.publish_script = self.client.register_script(PUBLISH)
        self.current_script = self.client.register_script(CURRENT)

    def key(self, group: str) -> str:
        return f"{self.prefix}:seq:{group}"

    def _run(self, script, keys: list[str], args: list[str]) -> list | int:
        try:
            return script(keys=keys, args=args)
        except Exception:
            # Whatever answered (or did not) is no Redis to keep talking to: close, reconnect next time.
            self.client.connection_pool.disconnect()
            raise

    def publish(self, group: str, event: dict) -> int:
        channel = f"{self.prefix}__group__{group}"
        return int(self._run(self.publish_script, [self.key(group), channel], [group, json.dumps(event)]))

    def current(self, groups: list[str]) -> dict[str, int]:
        """Blocking (a Redis round trip): the hub calls it in a thread."""
        if not groups:
            return {}
        seqs = self._run(self.current_script, [self.key(group) for group in groups], [])
        return dict(zip(groups, (int(seq) for seq in seqs), strict=True))


class MemoryStreams:
    """One process, the in-memory layer: numbered on the event loop that delivers, in the order sent."""

    def __init__(self, layer=None) -> None:
        self.layer = layer  # None: the configured layer, looked up when sending
        self.last: dict[str, int] = {}
        self.sending: set[asyncio.Task] = set()

    def _message(self, group: str, event: dict) -> dict:
        # On the event loop: numbering and handing over with no await between them keeps the order.
        seq = self.last[group] = self.last.get(group, 0) + 1
        return {"type": "live", "group": group, "seq": seq, "event": json.dumps(event)}

    async def _deliver(self, message: dict) -> None:
        await (self.layer or get_channel_layer()).group_send(message["group"], message)

    async def _send(self, group: str, event: dict) -> int:
        message = self._message(group, event)
        await self._deliver(message)
        return message["seq"]

    def publish(self, group: str, event: dict) -> int:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return async_to_sync(self._send)(group, event)
        # Sync code on the thread of a running loop (an ORM save under DJANGO_ALLOW_ASYNC_UNSAFE, as in a test
        # driving Playwright's sync API): it cannot wait for that loop, and async_to_sync refuses. Number
        # now and deliver from the loop as soon as this code gives it back, in the order numbered.
        message = self._message(group, event)
        task = loop.create_task(self._deliver(message))
        self.sending.add(task)
        task.add_done_callback(self._delivered)
        return message["seq"]

    def _delivered(self, task: asyncio.Task) -> None:
        self.sending.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("Could not send a live message: %r", task.exception())

    def current(self, groups: list[str]) -> dict[str, int]:
        return {group: self.last.get(group, 0) for group in groups}


@functools.cache
def _streams_for(backend: str, url: str, prefix: str):
    if backend.endswith("RedisPubSubChannelLayer"):
        return RedisStreams(url, prefix)
    return MemoryStreams()


def streams():
    """The streams of the configured channel layer (None when there is none)."""
    config = settings.CHANNEL_LAYERS.get("default")
    if not config:
        return None
    hosts = config.get("CONFIG", {}).get("hosts") or [{}]
    url = hosts[0].get("address", "") if isinstance(hosts[0], dict) else str(hosts[0])
    return _streams_for(config["BACKEND"], url, config.get("CONFIG", {}).get("prefix", "asgi"))
