"""Two real Daphne processes sharing Redis: a change made through one process, or outside any (a shell),
reaches the sockets held by the other. Runs only with REDIS_URL (CI sets it); the in-memory layer cannot
cross processes."""

from __future__ import annotations

import asyncio
import json
import os
import re

import pytest
import requests
from channels.db import database_sync_to_async
from websockets.asyncio.client import connect

from interests.models import Interest

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: processes meet only through Redis"),
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
]

WAIT = 10  # seconds: a generous bound for a message that should arrive in milliseconds


async def open_socket(host: str, slug: str, cookie: str | None = None):
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    return await connect(
        f"ws://{host}/ws/?conference={slug}", origin=f"http://{host}", additional_headers=headers, proxy=None
    )


async def ready(socket) -> None:
    """Reads the first frame, the snapshot (sent once the socket's streams are joined)."""
    socket.snapshot = json.loads(await asyncio.wait_for(socket.recv(), WAIT))
    assert socket.snapshot["type"] == "snapshot"


async def messages(socket, count: int) -> list[dict]:
    received = [json.loads(await asyncio.wait_for(socket.recv(), WAIT)) for _ in range(count)]
    # Two groups, two PUBLISHes: their order between groups is not promised.
    return sorted(received, key=lambda message: message["type"])


def post_form(host: str, cookie: str, *, page: str, path: str, data: dict) -> int:
    """What a browser does: open the page (CSRF cookie and token), then submit its form."""
    session = requests.Session()
    session.trust_env = False  # never through a proxy: it is 127.0.0.1
    session.cookies.set("sessionid", cookie, domain="127.0.0.1")
    page = session.get(f"http://{host}{page}", timeout=WAIT)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"http://{host}{path}", data={**data, "csrfmiddlewaretoken": token}, allow_redirects=False, timeout=WAIT
    )
    return response.status_code


async def test_changes_through_one_process_reach_sockets_on_another(
    daphne, make_presentation, make_user, session_cookie
):
    talk = await database_sync_to_async(make_presentation)()
    user = await database_sync_to_async(make_user)(username="ada")
    cookie = await database_sync_to_async(session_cookie)(user)
    slug = talk.conference.slug
    prefix = os.environ.get("CHANNELS_PREFIX", "pyconguide")
    host_a, host_b = daphne(CHANNELS_PREFIX=prefix), daphne(CHANNELS_PREFIX=prefix)
    tab_a = await open_socket(host_a, slug, cookie)
    tab_b = await open_socket(host_b, slug, cookie)
    observer_b = await open_socket(host_b, slug)
    for socket in (tab_a, tab_b, observer_b):
        await ready(socket)

    def interest(value, after):
        seq = tab_b.snapshot["seq"]["user"] + after
        return {"type": "interest", "presentation": talk.pk, "interested": value, "seq": seq}

    def count(n, after):
        return {"type": "counts", "seq": observer_b.snapshot["seq"]["conference"] + after, "counts": {str(talk.pk): n}}

    # A socket frame on A.
    await tab_a.send(json.dumps({"type": "interest", "presentation": talk.pk, "interested": True}))
    after_socket = (await messages(tab_b, 2), await messages(observer_b, 1))
    await messages(tab_a, 2)

    # A form POST over HTTP to A.
    status = await asyncio.to_thread(
        post_form, host_a, cookie, page=f"/{slug}/", path=f"/talks/{talk.pk}/interest/", data={"interested": "0"}
    )
    after_form = (status, await messages(tab_b, 2), await messages(observer_b, 1))

    # The ORM in this process, as a management shell would.
    await database_sync_to_async(Interest.objects.create)(user=user, presentation=talk)
    after_shell = (await messages(tab_b, 2), await messages(observer_b, 1))

    # Each stream grows by one per change, whichever process (or shell) made it.
    assert after_socket == ([count(1, 1), interest(True, 1)], [count(1, 1)])
    assert after_form == (303, [count(0, 2), interest(False, 2)], [count(0, 2)])
    assert after_shell == ([count(1, 3), interest(True, 3)], [count(1, 3)])
    for socket in (tab_a, tab_b, observer_b):
        await socket.close()
