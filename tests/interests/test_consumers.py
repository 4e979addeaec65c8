"""The live socket through the real ASGI application: origin check, session auth, the snapshot first and
on `sync`, every error code, and an interest set on one socket reaching the user's other socket and an
anonymous one."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from interests.models import Interest
from pyconguide.asgi import application
from tests.interests.sockets import ORIGIN, counts, error_for, interest, interests_in_db, open_socket

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

# --- the handshake -------------------------------------------------------------------------------


@pytest.mark.parametrize("origin", [(b"origin", b"http://evil.example"), None])
async def test_socket_refuses_a_foreign_or_missing_origin(talk, origin):
    headers = [origin] if origin else []
    socket = WebsocketCommunicator(application, f"/ws/?conference={talk.conference.slug}", headers=headers)

    connected, code = await socket.connect()

    # A close before accept: Daphne answers the handshake with HTTP 403.
    assert (connected, code) == (False, 1000)


@pytest.mark.parametrize("query", ["?conference=no-such-conference", "", "?conference="])
async def test_socket_closes_4404_for_an_unknown_conference(db, query):
    socket = WebsocketCommunicator(application, f"/ws/{query}", headers=[ORIGIN])

    connected, _ = await socket.connect()
    closing = await socket.receive_output()

    assert (connected, closing) == (True, {"type": "websocket.close", "code": 4404})


async def test_anonymous_socket_receives_counts(anonymous, talk, make_user):
    await database_sync_to_async(Interest.objects.create)(
        user=await database_sync_to_async(make_user)(), presentation=talk
    )

    message = await anonymous.receive_json_from()

    assert message == counts(anonymous, 1, **{f"t{talk.pk}": 1})


async def test_anonymous_socket_cannot_set_interest(anonymous, talk):
    answer = await error_for(anonymous, {"type": "interest", "presentation": talk.pk, "interested": True})

    assert (answer, await interests_in_db()) == (
        {"type": "error", "error": "not_authenticated", "detail": "Sign in to add talks to your calendar."},
        [],
    )


async def test_socket_gets_schedule_changes_of_its_conference(anonymous, talk):
    from interests.broadcast import broadcast_presentation_change

    await database_sync_to_async(broadcast_presentation_change)(
        conference_id=talk.conference_id, presentation_id=talk.pk, changes={"room": ["Room A", "Room B"]}
    )

    assert await anonymous.receive_json_from() == {
        "type": "presentation",
        "presentation": talk.pk,
        "changes": {"room": ["Room A", "Room B"]},
        "seq": anonymous.snapshot["seq"]["conference"] + 1,
    }


async def test_socket_is_sent_live_messages_without_a_database_hop(anonymous, talk, monkeypatch):
    from interests.broadcast import broadcast_count

    hops = []

    async def hop():
        hops.append("close_old_connections")

    monkeypatch.setattr("channels.consumer.aclose_old_connections", hop)
    await database_sync_to_async(broadcast_count)(conference_id=talk.conference_id, presentation_id=talk.pk, count=3)

    assert (await anonymous.receive_json_from(), hops) == (counts(anonymous, 1, **{f"t{talk.pk}": 3}), [])


# --- the snapshot ----------------------------------------------------------------------------------


async def test_snapshot_holds_the_stored_counts_and_the_users_interests(
    talk, ada, make_user, make_presentation, session_cookie
):
    other_talk = await database_sync_to_async(make_presentation)(conference=talk.conference)
    unmarked = await database_sync_to_async(make_presentation)(conference=talk.conference)
    elsewhere = await database_sync_to_async(make_presentation)()
    bob = await database_sync_to_async(make_user)()
    for user, marked in ((ada, talk), (bob, talk), (bob, other_talk), (ada, elsewhere)):
        await database_sync_to_async(Interest.objects.create)(user=user, presentation=marked)
    cookie = await database_sync_to_async(session_cookie)(ada)

    signed_in = await open_socket(f"/ws/?conference={talk.conference.slug}", cookie=cookie)
    visitor = await open_socket(f"/ws/?conference={talk.conference.slug}")

    stored = {str(talk.pk): 2, str(other_talk.pk): 1}
    assert {key: signed_in.snapshot[key] for key in ("type", "counts", "interests")} == {
        "type": "snapshot",
        "counts": stored,
        "interests": [talk.pk],
    }
    assert (visitor.snapshot["counts"], visitor.snapshot["interests"], visitor.snapshot["seq"]["user"]) == (
        stored,
        [],
        None,
    )
    assert str(unmarked.pk) not in signed_in.snapshot["counts"]
    for socket in (signed_in, visitor):
        await socket.disconnect()


async def test_sync_answers_a_fresh_snapshot(talk, ada, ada_socket, make_user):
    bob = await database_sync_to_async(make_user)()
    # bulk_create sends no signal, so no message tells the socket: only a fresh snapshot does.
    await database_sync_to_async(Interest.objects.bulk_create)(
        [Interest(user=ada, presentation=talk), Interest(user=bob, presentation=talk)]
    )

    await ada_socket.send_json_to({"type": "sync"})
    fresh = await ada_socket.receive_json_from()

    assert fresh == {
        "type": "snapshot",
        "seq": ada_socket.snapshot["seq"],
        "counts": {str(talk.pk): 2},
        "interests": [talk.pk],
    }


async def test_seq_grows_by_one_per_change_on_each_stream(talk, ada, ada_socket, make_presentation):
    second_talk = await database_sync_to_async(make_presentation)(conference=talk.conference)

    for marked in (talk, second_talk):
        await ada_socket.send_json_to({"type": "interest", "presentation": marked.pk, "interested": True})
        await ada_socket.receive_json_from(), await ada_socket.receive_json_from()
    await ada_socket.send_json_to({"type": "sync"})
    fresh = await ada_socket.receive_json_from()

    before = ada_socket.snapshot["seq"]
    assert fresh["seq"] == {"conference": before["conference"] + 2, "user": before["user"] + 2}
    assert fresh["interests"] == sorted([talk.pk, second_talk.pk])


# --- the full interest path ----------------------------------------------------------------------


async def test_interest_set_on_one_socket_reaches_the_users_other_socket_and_anonymous(
    talk, ada, session_cookie, anonymous
):
    cookie = await database_sync_to_async(session_cookie)(ada)
    path = f"/ws/?conference={talk.conference.slug}"
    first, second = await open_socket(path, cookie=cookie), await open_socket(path, cookie=cookie)

    await first.send_json_to({"type": "interest", "presentation": talk.pk, "interested": True})
    on_first = [await first.receive_json_from(), await first.receive_json_from()]
    on_second = [await second.receive_json_from(), await second.receive_json_from()]
    on_anonymous = await anonymous.receive_json_from()

    one = {f"t{talk.pk}": 1}
    assert (on_first, on_second, on_anonymous) == (
        [interest(first, 1, talk.pk, True), counts(first, 1, **one)],
        [interest(second, 1, talk.pk, True), counts(second, 1, **one)],
        counts(anonymous, 1, **one),
    )
    assert await interests_in_db() == [("ada", talk.pk)]
    assert await anonymous.receive_nothing()
    await first.disconnect()
    await second.disconnect()


async def test_interest_removed_on_a_socket_reaches_everyone(talk, ada, ada_socket, anonymous):
    await database_sync_to_async(Interest.objects.create)(user=ada, presentation=talk)
    await ada_socket.receive_json_from(), await ada_socket.receive_json_from(), await anonymous.receive_json_from()

    await ada_socket.send_json_to({"type": "interest", "presentation": talk.pk, "interested": False})

    assert [await ada_socket.receive_json_from(), await anonymous.receive_json_from()] == [
        interest(ada_socket, 2, talk.pk, False),
        counts(anonymous, 2, **{f"t{talk.pk}": 0}),
    ]
    assert await interests_in_db() == []


async def test_interest_already_set_is_confirmed_to_the_sender_only(talk, ada, ada_socket, anonymous):
    await database_sync_to_async(Interest.objects.create)(user=ada, presentation=talk)
    await ada_socket.receive_json_from(), await ada_socket.receive_json_from(), await anonymous.receive_json_from()

    await ada_socket.send_json_to({"type": "interest", "presentation": talk.pk, "interested": True})

    assert await ada_socket.receive_json_from() == interest(ada_socket, 1, talk.pk, True)
    assert await anonymous.receive_nothing()
    assert await interests_in_db() == [("ada", talk.pk)]


async def test_signed_in_socket_hears_only_its_own_users_interests(talk, ada_socket, make_user):
    someone = await database_sync_to_async(make_user)()

    await database_sync_to_async(Interest.objects.create)(user=someone, presentation=talk)

    assert await ada_socket.receive_json_from() == counts(ada_socket, 1, **{f"t{talk.pk}": 1})
    assert await ada_socket.receive_nothing()
