"""Numbered streams against a real redis-server of the test's own: the Lua script's message is what the
installed channels-redis pub/sub layer reads, numbers grow by one, and a restart makes them jump ahead."""

from __future__ import annotations

import asyncio
import json

import pytest
from channels.layers import InMemoryChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer

from interests.streams import MemoryStreams, RedisStreams


@pytest.mark.asyncio
async def test_streams_redis_message_reaches_the_layer_numbered_one_by_one(redis_server):
    layer = RedisPubSubChannelLayer(hosts=[redis_server.url], prefix="streams")
    streams = RedisStreams(redis_server.url, "streams")
    channel = await layer.new_channel("hub.")
    await layer.group_add("conference.7", channel)
    start = (await asyncio.to_thread(streams.current, ["conference.7"]))["conference.7"]

    sent = [await asyncio.to_thread(streams.publish, "conference.7", {"type": "count", "n": n}) for n in (1, 2)]
    received = [await asyncio.wait_for(layer.receive(channel), 5) for _ in sent]
    await layer.flush()
    streams.client.close()

    assert sent == [start + 1, start + 2]
    assert received == [
        {"type": "live", "group": "conference.7", "seq": start + 1, "event": '{"type": "count", "n": 1}'},
        {"type": "live", "group": "conference.7", "seq": start + 2, "event": '{"type": "count", "n": 2}'},
    ]


@pytest.mark.asyncio
async def test_streams_after_a_redis_restart_numbers_jump_ahead(redis_server):
    streams = RedisStreams(redis_server.url, "streams")
    before = streams.publish("user.1", {"type": "interest"})

    redis_server.stop()
    redis_server.start()
    after = streams.publish("user.1", {"type": "interest"})
    streams.client.close()

    assert after > before + 1


def test_streams_in_memory_count_each_group_on_its_own():
    streams = MemoryStreams()

    seqs = [streams.publish(group, {"type": "count"}) for group in ("conference.1", "conference.1", "user.2")]

    assert (seqs, streams.current(["conference.1", "user.2", "user.3"])) == (
        [1, 2, 1],
        {"conference.1": 2, "user.2": 1, "user.3": 0},
    )


def test_streams_in_memory_publish_from_a_thread_running_an_event_loop():
    """Sync code called on the thread of a running loop (a save in a test driving Playwright's sync API):
    async_to_sync cannot run there; every message is still delivered, numbered in order."""
    layer = InMemoryChannelLayer()
    streams = MemoryStreams(layer)

    async def save_in_async_context():
        channel = await layer.new_channel()
        await layer.group_add("user.1", channel)
        seqs = [streams.publish("user.1", {"type": "interest", "presentation": n}) for n in range(3)]
        received = [await asyncio.wait_for(layer.receive(channel), 5) for _ in seqs]
        return seqs, received

    seqs, received = asyncio.run(save_in_async_context())

    assert seqs == [1, 2, 3]
    assert [(m["seq"], json.loads(m["event"])["presentation"]) for m in received] == [(1, 0), (2, 1), (3, 2)]
