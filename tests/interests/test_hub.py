"""The hub of each process against real Daphne processes and a redis-server of the test's own: Redis
subscriptions stay constant however many sockets are open, a lost message is noticed and repaired with a
fresh snapshot, and after a Redis restart every page holds the database's counts again."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
import redis
from channels.db import database_sync_to_async
from websockets.exceptions import ConnectionClosed, InvalidStatus

from interests.models import Interest

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

SETTLE = 20  # seconds: a generous bound for what the probe (every 2 s) repairs


def subscriptions(url: str) -> list[str]:
    with redis.Redis.from_url(url) as client:
        return sorted(name.decode() for name in client.pubsub_channels())


async def until(condition, seconds: float = SETTLE) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.1)
    return True


class Page:
    """What live.js keeps of one page: the counts it shows, reconnecting (as the browser does) after a
    close, each new socket starting with a snapshot."""

    def __init__(self, live_client, host: str, slug: str) -> None:
        self.live_client, self.host, self.slug = live_client, host, slug
        self.counts: dict[str, int] = {}
        self.snapshots = 0
        self.task = asyncio.ensure_future(self.run())

    async def run(self) -> None:
        while True:
            try:
                socket = await self.live_client.socket(self.host, self.slug)
                try:
                    async for text in socket:
                        self.heard(json.loads(text))
                finally:
                    await socket.close()
            except (TimeoutError, ConnectionClosed, InvalidStatus, OSError):
                await asyncio.sleep(0.3)

    def heard(self, message: dict) -> None:
        if message["type"] == "snapshot":
            self.counts = dict(message["counts"])
            self.snapshots += 1
        elif message["type"] == "counts":
            self.counts.update({key: n for key, n in message["counts"].items()})
            self.counts = {key: n for key, n in self.counts.items() if n}

    async def stop(self) -> None:
        self.task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await self.task


async def stored_counts() -> dict[str, int]:
    from django.db.models import Count

    rows = Interest.objects.order_by().values_list("presentation_id").annotate(n=Count("id"))
    return {str(pk): n for pk, n in await database_sync_to_async(list)(rows)}


async def test_hub_subscriptions_stay_constant_with_0_1_and_400_sockets(
    daphne, redis_server, live_client, make_presentation, make_user, session_cookie
):
    talk = await database_sync_to_async(make_presentation)()
    ada = await database_sync_to_async(make_user)()
    cookie = await database_sync_to_async(session_cookie)(ada)
    host = daphne(REDIS_URL=redis_server.url, CHANNELS_PREFIX="subs")
    slug = talk.conference.slug

    with_none = subscriptions(redis_server.url)
    first = await live_client.socket(host, slug)
    await live_client.ready(first)
    with_one = subscriptions(redis_server.url)
    crowd = []
    for _ in range(399):
        crowd.append(await live_client.socket(host, slug))
    await asyncio.gather(*(live_client.ready(socket) for socket in crowd))
    with_400 = subscriptions(redis_server.url)
    signed_in = await live_client.socket(host, slug, cookie)
    await live_client.ready(signed_in)
    with_a_user = subscriptions(redis_server.url)
    for socket in [first, signed_in, *crowd]:
        await socket.close()
    after = await until(lambda: subscriptions(redis_server.url) == [n for n in with_one if "hub." in n])

    group = f"subs__group__conference.{talk.conference_id}"
    assert with_none == []
    assert len(with_one) == 2 and group in with_one and with_400 == with_one
    assert sorted(set(with_a_user) - set(with_one)) == [f"subs__group__user.{ada.pk}"]
    assert after


async def test_hub_a_lost_message_brings_a_fresh_snapshot(
    daphne, redis_server, live_client, make_presentation, make_user
):
    talk = await database_sync_to_async(make_presentation)()
    host = daphne(REDIS_URL=redis_server.url, CHANNELS_PREFIX="gap")
    socket = await live_client.socket(host, talk.conference.slug)
    before = await live_client.ready(socket)

    # Lost between Redis and the process: the change is stored and numbered, but never published.
    await database_sync_to_async(Interest.objects.bulk_create)(
        [Interest(user=await database_sync_to_async(make_user)(), presentation=talk)]
    )
    with redis.Redis.from_url(redis_server.url) as client:
        client.incr(f"gap:seq:conference.{talk.conference_id}")
    fresh = await live_client.next_message(socket)
    await socket.close()

    assert fresh == {
        "type": "snapshot",
        "seq": {"conference": before["seq"]["conference"] + 1, "user": None},
        "counts": {str(talk.pk): 1},
        "interests": [],
    }


async def test_hub_after_a_redis_restart_every_page_holds_the_stored_counts(
    daphne, redis_server, live_client, make_presentation, make_user, session_cookie
):
    first_talk = await database_sync_to_async(make_presentation)()
    conference = first_talk.conference
    talks = [first_talk, await database_sync_to_async(make_presentation)(conference=conference)]
    people = [await database_sync_to_async(make_user)() for _ in range(3)]
    cookies = [await database_sync_to_async(session_cookie)(person) for person in people]
    hosts = [daphne(REDIS_URL=redis_server.url, CHANNELS_PREFIX="restart") for _ in range(2)]
    pages = [Page(live_client, host, conference.slug) for host in hosts for _ in range(3)]
    await until(lambda: all(page.snapshots for page in pages))

    async def mark(n: int, talk, interested: str):
        return await asyncio.to_thread(
            live_client.post_form,
            hosts[n % 2],
            cookies[n % 3],
            page=f"/talks/{talk.pk}/",
            path=f"/talks/{talk.pk}/interest/",
            data={"interested": interested},
        )

    await mark(0, talks[0], "1")
    redis_server.stop()
    during = [await mark(1, talks[0], "1"), await mark(2, talks[1], "1")]
    redis_server.start()
    after_restart = await mark(3, talks[1], "1")
    stored = await stored_counts()
    settled = await until(lambda: all(page.counts == stored for page in pages))
    for page in pages:
        await page.stop()

    assert [response.status_code for response in [*during, after_restart]] == [303, 303, 303]
    assert stored == {str(talks[0].pk): 2, str(talks[1].pk): 2}
    assert settled, [page.counts for page in pages]
