"""Redis stops while people use the site, then comes back (a real redis-server of the test's own, a real
Daphne, real sockets): nothing a user saves is lost, sockets close so that pages reconnect to a fresh
snapshot, and live updates resume once Redis is back."""

from __future__ import annotations

import asyncio
import time

import pytest
from channels.db import database_sync_to_async
from websockets.exceptions import ConnectionClosed, InvalidStatus

from interests.models import Interest

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

WAIT = 15  # seconds: the process notices a dead layer within a few (interests/hub.py, the probe)


async def close_code_of(socket) -> int:
    try:
        while True:
            await asyncio.wait_for(socket.recv(), WAIT)
    except ConnectionClosed as closed:
        return closed.rcvd.code


async def reconnect(live_client, host, slug, cookie):
    """What live.js does: retry with a pause until the handshake is accepted."""
    deadline = time.monotonic() + WAIT
    while True:
        try:
            return await live_client.socket(host, slug, cookie)
        except InvalidStatus:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)


async def test_redis_outage_keeps_interests_and_sockets_resync_after(
    daphne, redis_server, live_client, make_presentation, make_user, session_cookie
):
    talk = await database_sync_to_async(make_presentation)()
    ada = await database_sync_to_async(make_user)(username="ada")
    cookie = await database_sync_to_async(session_cookie)(ada)
    slug = talk.conference.slug
    host = daphne(REDIS_URL=redis_server.url, CHANNELS_PREFIX="outage")
    tab = await live_client.socket(host, slug, cookie)
    await live_client.ready(tab)

    redis_server.stop()
    close_code = await close_code_of(tab)
    form = await asyncio.to_thread(
        live_client.post_form,
        host,
        cookie,
        page=f"/{slug}/",
        path=f"/talks/{talk.pk}/interest/",
        data={"interested": "1"},
    )
    stored = await database_sync_to_async(list)(Interest.objects.values_list("user__username", "presentation_id"))
    page = await asyncio.to_thread(live_client.get, host, f"/talks/{talk.pk}/")
    health = await asyncio.to_thread(live_client.get, host, "/healthz")
    with pytest.raises(InvalidStatus) as refused:
        await live_client.socket(host, slug, cookie)

    redis_server.start()
    tab = await reconnect(live_client, host, slug, cookie)
    # What the page learns on every open: the interest saved during the outage is there.
    snapshot = await live_client.ready(tab)
    await asyncio.to_thread(
        live_client.post_form,
        host,
        cookie,
        page=f"/{slug}/",
        path=f"/talks/{talk.pk}/interest/",
        data={"interested": "0"},
    )
    resumed = await live_client.next_messages(tab, 2)
    health_after = await asyncio.to_thread(live_client.get, host, "/healthz")
    await tab.close()

    assert close_code == 4503
    assert (form.status_code, form.headers["Location"]) == (303, f"/talks/{talk.pk}/")
    assert stored == [("ada", talk.pk)]
    assert page.status_code == 200 and talk.title in page.text
    assert (health.status_code, health.json()) == (503, {"database": "ok", "channel_layer": "failing"})
    assert refused.value.response.status_code == 403
    assert (snapshot["counts"], snapshot["interests"]) == ({str(talk.pk): 1}, [talk.pk])
    assert resumed == [
        {"type": "counts", "seq": snapshot["seq"]["conference"] + 1, "counts": {str(talk.pk): 0}},
        {"type": "interest", "presentation": talk.pk, "interested": False, "seq": snapshot["seq"]["user"] + 1},
    ]
    assert (health_after.status_code, health_after.json()) == (200, {"database": "ok", "channel_layer": "ok"})
