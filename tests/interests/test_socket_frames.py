"""The live socket's answers to frames it cannot take (each error code, sizes, the rate limit), and its
log of every socket opened and closed."""

from __future__ import annotations

import json
import logging
import re

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from interests.consumers import LiveConsumer
from pyconguide.asgi import application
from tests.interests.sockets import ORIGIN, error_for, interest, interests_in_db, open_socket

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("frame", "detail"),
    [
        ("{not json", "The frame is not valid JSON."),
        (b"\x00\x01", "Send JSON text frames, not binary ones."),
        ("[1, 2]", "A frame must be a JSON object."),
        ({}, "Unknown message type None; send 'interest' or 'sync'."),
        ({"type": "count", "presentation": 1}, "Unknown message type 'count'; send 'interest' or 'sync'."),
        ({"type": "interest", "interested": True}, "'presentation' must be a presentation's id (a positive integer)."),
        (
            {"type": "interest", "presentation": "1", "interested": True},
            "'presentation' must be a presentation's id (a positive integer).",
        ),
        (
            {"type": "interest", "presentation": True, "interested": True},
            "'presentation' must be a presentation's id (a positive integer).",
        ),
        (
            {"type": "interest", "presentation": 2**64, "interested": True},
            "'presentation' must be a presentation's id (a positive integer).",
        ),
        ({"type": "interest", "presentation": 1}, "'interested' must be true or false."),
        ({"type": "interest", "presentation": 1, "interested": 1}, "'interested' must be true or false."),
    ],
)
async def test_socket_answers_bad_message_and_stays_open(ada_socket, talk, frame, detail):
    answer = await error_for(ada_socket, frame)
    # Still open and still working after the error.
    await ada_socket.send_json_to({"type": "interest", "presentation": talk.pk, "interested": True})
    after = await ada_socket.receive_json_from()

    assert (answer, after) == (
        {"type": "error", "error": "bad_message", "detail": detail},
        interest(ada_socket, 1, talk.pk, True),
    )


async def test_socket_answers_not_found_for_an_unknown_presentation(ada_socket):
    answer = await error_for(ada_socket, {"type": "interest", "presentation": 987654, "interested": True})

    assert (answer, await interests_in_db()) == (
        {"type": "error", "error": "not_found", "detail": "No presentation 987654 to add in this conference."},
        [],
    )


async def test_socket_answers_not_found_for_another_conferences_presentation(ada_socket, make_presentation):
    elsewhere = await database_sync_to_async(make_presentation)()

    answer = await error_for(ada_socket, {"type": "interest", "presentation": elsewhere.pk, "interested": True})

    assert (answer["error"], await interests_in_db()) == ("not_found", [])


async def test_socket_answers_not_found_for_a_break(ada_socket, talk, make_presentation):
    lunch = await database_sync_to_async(make_presentation)(conference=talk.conference, kind="lunch")

    answer = await error_for(ada_socket, {"type": "interest", "presentation": lunch.pk, "interested": True})

    assert (answer["error"], await interests_in_db()) == ("not_found", [])


async def test_socket_answers_too_large_and_changes_nothing(ada_socket, talk):
    frame = json.dumps({"type": "interest", "presentation": talk.pk, "interested": True, "pad": "x" * 4096})

    answer = await error_for(ada_socket, frame)

    assert (answer, await interests_in_db()) == (
        {"type": "error", "error": "too_large", "detail": "Frames are at most 4096 bytes."},
        [],
    )


async def test_socket_counts_size_in_bytes_not_characters(ada_socket):
    # 1,500 characters, 4,500 bytes in UTF-8.
    answer = await error_for(ada_socket, json.dumps({"type": "interest", "pad": "€" * 1500}, ensure_ascii=False))

    assert answer["error"] == "too_large"


async def test_socket_answers_rate_limited_past_the_burst(talk, ada, session_cookie, monkeypatch):
    # A stopped clock: the bucket never refills, so exactly the burst gets through.
    monkeypatch.setattr(LiveConsumer, "frame_clock", staticmethod(lambda: 1000.0))
    cookie = await database_sync_to_async(session_cookie)(ada)
    socket = await open_socket(f"/ws/?conference={talk.conference.slug}", cookie=cookie)

    answers = [(await error_for(socket, {}))["error"] for _ in range(21)]

    assert answers == ["bad_message"] * 20 + ["rate_limited"]
    assert (await error_for(socket, {}))["detail"] == "At most 10 frames a second; wait a moment."
    await socket.disconnect()


def socket_log(caplog) -> list[str]:
    return [
        re.sub(r"\d+\.\d s$", "<duration>", record.getMessage())
        for record in caplog.records
        if record.name == "interests.consumers" and record.levelname == "INFO"
    ]


async def test_socket_logs_open_and_close_with_user_conference_and_code(talk, ada, session_cookie, caplog):
    caplog.set_level(logging.INFO, logger="interests.consumers")
    slug = talk.conference.slug
    cookie = await database_sync_to_async(session_cookie)(ada)

    signed_in = await open_socket(f"/ws/?conference={slug}", cookie=cookie)
    await signed_in.disconnect(code=1001)
    anonymous = await open_socket(f"/ws/?conference={slug}")
    await anonymous.disconnect()
    unknown = WebsocketCommunicator(application, "/ws/?conference=nope", headers=[ORIGIN])
    await unknown.connect()
    await unknown.receive_output()  # the 4404 close
    await unknown.disconnect(code=4404)

    assert socket_log(caplog) == [
        f"socket opened: user {ada.pk}, conference '{slug}'",
        f"socket closed: user {ada.pk}, conference '{slug}', code 1001, <duration>",
        f"socket opened: user anonymous, conference '{slug}'",
        f"socket closed: user anonymous, conference '{slug}', code 1000, <duration>",
        "socket opened: user anonymous, conference 'nope'",
        "socket closed: user anonymous, conference 'nope', code 4404, <duration>",
    ]
