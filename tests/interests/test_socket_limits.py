"""What the socket answers when it cannot do what it is asked: an unknown path, too many sockets for one
person or address, a database failing under it, a frame nested past any sane depth. Never 1011, never a
500; nothing is written where something was refused."""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connection

from interests.models import Interest
from pyconguide.asgi import application

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://testserver")


def communicator(path: str, cookie: str | None = None, client=("203.0.113.9", 5000)) -> WebsocketCommunicator:
    headers = [ORIGIN] + ([(b"cookie", f"sessionid={cookie}".encode())] if cookie else [])
    socket = WebsocketCommunicator(application, path, headers=headers)
    socket.scope["client"] = client
    return socket


async def opened(path: str, cookie: str | None = None, **kwargs) -> WebsocketCommunicator:
    socket = communicator(path, cookie, **kwargs)
    connected, _ = await socket.connect()
    assert connected
    socket.snapshot = await socket.receive_json_from()
    return socket


@pytest.mark.parametrize("path", ["/nows/", "/ws/extra/", "/", "/ws"])
async def test_socket_on_an_unknown_path_is_refused_at_the_handshake(db, path):
    socket = communicator(path)

    connected, code = await socket.connect()

    # A close before accept: Daphne answers the handshake with HTTP 403.
    assert (connected, code) == (False, 1000)


async def test_socket_unknown_path_on_daphne_answers_403(daphne, live_client):
    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidStatus

    host = daphne()
    with pytest.raises(InvalidStatus) as refused:
        await connect(f"ws://{host}/nows/", origin=f"http://{host}", proxy=None)

    assert refused.value.response.status_code == 403


async def test_socket_past_the_cap_for_one_user_is_closed_4429(settings, make_presentation, make_user, session_cookie):
    settings.LIVE_SOCKETS_PER_USER = 2
    talk = await database_sync_to_async(make_presentation)()
    cookie = await database_sync_to_async(session_cookie)(await database_sync_to_async(make_user)())
    path = f"/ws/?conference={talk.conference.slug}"
    tabs = [await opened(path, cookie), await opened(path, cookie)]

    third = communicator(path, cookie)
    connected, _ = await third.connect()
    answer = await third.receive_json_from()
    closing = await third.receive_output()
    await tabs[0].disconnect()
    after_one_closed = await opened(path, cookie)

    assert (connected, answer, closing) == (
        True,
        {
            "type": "error",
            "error": "rate_limited",
            "detail": "Too many open live pages for this account (at most 2 per server); close some tabs.",
        },
        {"type": "websocket.close", "code": 4429},
    )
    assert after_one_closed.snapshot["type"] == "snapshot"
    for socket in (tabs[1], after_one_closed):
        await socket.disconnect()


async def test_socket_past_the_cap_for_one_address_is_closed_4429(settings, make_presentation):
    settings.LIVE_SOCKETS_PER_ADDRESS = 1
    talk = await database_sync_to_async(make_presentation)()
    path = f"/ws/?conference={talk.conference.slug}"
    first = await opened(path)
    elsewhere = await opened(path, client=("198.51.100.7", 5000))

    second = communicator(path)
    await second.connect()
    answer = await second.receive_json_from()
    closing = await second.receive_output()

    assert (answer["error"], closing) == ("rate_limited", {"type": "websocket.close", "code": 4429})
    for socket in (first, elsewhere):
        await socket.disconnect()


def move_table(name: str, to: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {connection.ops.quote_name(name)} RENAME TO {connection.ops.quote_name(to)}")


async def test_socket_answers_unavailable_when_the_database_fails_and_stays_open(
    make_presentation, make_user, session_cookie
):
    talk = await database_sync_to_async(make_presentation)()
    cookie = await database_sync_to_async(session_cookie)(await database_sync_to_async(make_user)())
    socket = await opened(f"/ws/?conference={talk.conference.slug}", cookie)

    # A real failure of the database under the socket: the table it writes to is gone for a moment.
    await database_sync_to_async(move_table)("interests_interest", "interests_interest_away")
    try:
        await socket.send_json_to({"type": "interest", "presentation": talk.pk, "interested": True})
        failed_mark = await socket.receive_json_from()
        await socket.send_json_to({"type": "sync"})
        failed_sync = await socket.receive_json_from()
    finally:
        await database_sync_to_async(move_table)("interests_interest_away", "interests_interest")
    await socket.send_json_to({"type": "interest", "presentation": talk.pk, "interested": True})
    after = await socket.receive_json_from()

    unavailable = {
        "type": "error",
        "error": "unavailable",
        "detail": "The server could not do that just now; try again in a moment.",
    }
    assert (failed_mark, failed_sync) == (unavailable, unavailable)
    assert after["type"] == "interest"
    assert await database_sync_to_async(Interest.objects.count)() == 1
    await socket.disconnect()


async def test_socket_deeply_nested_frame_is_bad_message(make_presentation):
    talk = await database_sync_to_async(make_presentation)()
    socket = await opened(f"/ws/?conference={talk.conference.slug}")

    await socket.send_to(text_data="[" * 2000 + "]" * 2000)  # 4,000 bytes: under the size limit
    answer = await socket.receive_json_from()
    await socket.send_to(text_data=json.dumps({"type": "sync"}))
    still_open = await socket.receive_json_from()

    assert answer == {"type": "error", "error": "bad_message", "detail": "The frame is nested too deeply."}
    assert still_open["type"] == "snapshot"
    await socket.disconnect()
