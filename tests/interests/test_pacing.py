"""The pace of merged counts (interests/hub.py): the first change after a quiet spell goes to the sockets
at once, without waiting out an interval; changes made during the rest after a round go out together, in
one frame holding their newest values. The rest is a gate the test opens, so nothing here races a clock."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async

from interests.hub import Hub
from interests.models import Interest
from tests.interests.test_consumers import counts, open_socket

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


class Gate:
    """Stands in for the hub's rest between two rounds: it lasts until the test opens it."""

    def __init__(self) -> None:
        self.rests = 0
        self.resting = asyncio.Event()
        self.opened = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        self.rests += 1
        self.resting.set()
        await self.opened.wait()
        self.opened.clear()
        self.resting.clear()


async def test_first_change_goes_at_once_and_changes_during_the_rest_merge(make_presentation, make_user, monkeypatch):
    gate = Gate()
    monkeypatch.setattr(Hub, "rest", gate)
    first = await database_sync_to_async(make_presentation)()
    second = await database_sync_to_async(make_presentation)(conference=first.conference)
    ada, bob = await database_sync_to_async(make_user)(), await database_sync_to_async(make_user)()
    socket = await open_socket(f"/ws/?conference={first.conference.slug}")
    mark = database_sync_to_async(Interest.objects.create)

    # Quiet until now: the change goes out at once (the gate is shut, so no rest stands before it).
    await mark(user=ada, presentation=first)
    at_once = await socket.receive_json_from(timeout=10)
    await asyncio.wait_for(gate.resting.wait(), 10)  # the round that sent it is resting now

    # Three changes while it rests: nothing is sent until the rest ends, then one frame with all of them.
    await mark(user=bob, presentation=first)
    await mark(user=ada, presentation=second)
    await database_sync_to_async(Interest.objects.filter(user=ada, presentation=second).delete)()
    assert await socket.receive_nothing(timeout=0.5)
    gate.opened.set()
    merged = await socket.receive_json_from(timeout=10)

    assert at_once == counts(socket, 1, **{f"t{first.pk}": 1})
    assert merged == counts(socket, 4, **{f"t{first.pk}": 2, f"t{second.pk}": 0})
    await asyncio.wait_for(gate.resting.wait(), 10)
    assert await socket.receive_nothing(timeout=0.5)
    await socket.disconnect()
