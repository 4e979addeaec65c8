"""Bad frames against a real Daphne (run with the Procfile's limits): each gets an error reply or, past
Daphne's cap, a close; the server goes on serving everyone else."""

from __future__ import annotations

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from websockets.exceptions import ConnectionClosed, InvalidStatus

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

DAPHNE_CAP = 65536  # --websocket-max-message-size in the Procfile (and the `daphne` fixture)

BAD_FRAMES = [
    ('{"type": "interest", "presentation": 1', "bad_message"),  # cut short
    ("not json at all", "bad_message"),
    ("[]", "bad_message"),
    ("null", "bad_message"),
    ('{"type": "subscribe", "conference": "other"}', "bad_message"),
    ('{"type": "interest"}', "bad_message"),
    ('{"type": "interest", "presentation": "1", "interested": true}', "bad_message"),
    ('{"type": "interest", "presentation": 1, "interested": "yes"}', "bad_message"),
    ('{"type": "interest", "presentation": -5, "interested": true}', "bad_message"),
    ('{"type": "interest", "presentation": 1e400, "interested": true}', "bad_message"),
    (b"\x00\x01binary", "bad_message"),
    ("[" * 2000 + "]" * 2000, "bad_message"),  # nested past the parser's depth, under the size limit
    ('{"type": "sync", "pad": ' + "[" * 1500 + "]" * 1500 + "}", "bad_message"),
    (json.dumps({"type": "interest", "pad": "x" * 5000}), "too_large"),
]


async def replies(live_client, socket, frames) -> list[str]:
    codes = []
    for frame in frames:
        await socket.send(frame)
        codes.append((await live_client.next_message(socket))["error"])
    return codes


async def test_socket_answers_each_bad_frame_and_stays_open(daphne, live_client, make_presentation):
    talk = await database_sync_to_async(make_presentation)()
    host = daphne()
    socket = await live_client.socket(host, talk.conference.slug)
    await live_client.ready(socket)

    codes = await replies(live_client, socket, [frame for frame, _ in BAD_FRAMES])
    still_open = await replies(live_client, socket, ["{}"])
    await socket.close()

    assert codes == [code for _, code in BAD_FRAMES]
    assert still_open == ["bad_message"]


async def test_socket_abuse_leaves_the_server_serving_others(
    daphne, live_client, make_presentation, make_user, session_cookie
):
    talk = await database_sync_to_async(make_presentation)()
    ada = await database_sync_to_async(make_user)(username="ada")
    mallory = await database_sync_to_async(make_user)(username="mallory")
    ada_cookie = await database_sync_to_async(session_cookie)(ada)
    mallory_cookie = await database_sync_to_async(session_cookie)(mallory)
    slug = talk.conference.slug
    host = daphne()
    observer = await live_client.socket(host, slug)
    await live_client.ready(observer)
    abuser = await live_client.socket(host, slug, mallory_cookie)
    await live_client.ready(abuser)

    # A flood: every frame is answered, the ones past the burst with rate_limited.
    flood = ['{"type": "interest", "presentation": 0, "interested": true}'] * 60
    for frame in flood:
        await abuser.send(frame)
    flood_codes = [(await live_client.next_message(abuser))["error"] for _ in flood]
    # Past Daphne's cap the frame never reaches the application: Daphne drops the connection.
    await abuser.send("x" * (DAPHNE_CAP + 1))
    with pytest.raises(ConnectionClosed) as closed:
        await asyncio.wait_for(abuser.recv(), live_client.WAIT)
    # A foreign page cannot open a socket with the visitor's cookie.
    with pytest.raises(InvalidStatus) as foreign:
        await live_client.socket(host, slug, ada_cookie, origin="http://evil.example")

    tab = await live_client.socket(host, slug, ada_cookie)
    await live_client.ready(tab)
    await tab.send(json.dumps({"type": "interest", "presentation": talk.pk, "interested": True}))
    heard = await live_client.next_message(observer)
    for socket in (observer, tab):
        await socket.close()

    assert len(flood_codes) == 60 and set(flood_codes) == {"bad_message", "rate_limited"}
    # Autobahn (under Daphne) drops the connection without a close frame; a browser reports 1006.
    assert (type(closed.value).__name__, closed.value.rcvd) == ("ConnectionClosedError", None)
    assert foreign.value.response.status_code == 403
    assert heard == {"type": "counts", "seq": observer.snapshot["seq"]["conference"] + 1, "counts": {str(talk.pk): 1}}
