"""Numbered streams against a real redis-server of the test's own: the Lua script's message is what the
installed channels-redis pub/sub layer reads, numbers grow by one, and a restart makes them jump ahead."""

from __future__ import annotations

import asyncio

import pytest
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
