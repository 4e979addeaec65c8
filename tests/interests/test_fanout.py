"""One reader per process: a group message reaches every socket of the process in that group, once."""

from __future__ import annotations

import asyncio

import pytest
import pytest_asyncio
from channels.layers import InMemoryChannelLayer

from interests.fanout import Fanout

pytestmark = pytest.mark.asyncio


class Socket:
    def __init__(self, fails: bool = False) -> None:
        self.fails = fails
        self.received: list[str] = []
        self.heard = asyncio.Event()

    async def send(self, *, text_data: str) -> None:
        if self.fails:
            raise RuntimeError("closing")
        self.received.append(text_data)
        self.heard.set()

    async def until(self, count: int) -> None:
        """Returns once this socket has received `count` messages."""
        while len(self.received) < count:
            self.heard.clear()
            await self.heard.wait()


@pytest_asyncio.fixture
async def fanout():
    layer = InMemoryChannelLayer()
    fanout = Fanout(layer)
    yield fanout
    if fanout.reader is not None:
        fanout.reader.cancel()


async def push(fanout: Fanout, group: str, text: str) -> None:
    await fanout.layer.group_send(group, {"type": "push", "group": group, "text": text})


async def test_fanout_sockets_joining_at_once_all_get_their_groups_messages(fanout):
    counts = [Socket() for _ in range(20)]
    mine = Socket()
    await asyncio.gather(*(fanout.join("conference.1", socket) for socket in [*counts, mine]))
    await fanout.join("user.7", mine)

    await push(fanout, "conference.1", '{"count": 1}')
    await push(fanout, "user.7", '{"interested": true}')
    await asyncio.wait_for(asyncio.gather(*(socket.until(1) for socket in [*counts, mine]), mine.until(2)), 5)

    assert ([socket.received for socket in counts], mine.received) == (
        [['{"count": 1}']] * 20,
        ['{"count": 1}', '{"interested": true}'],
    )


async def test_fanout_leaves_a_group_with_its_last_socket(fanout):
    first, second = Socket(), Socket()
    await fanout.join("conference.1", first)
    await fanout.join("conference.1", second)

    await fanout.leave("conference.1", first)
    still_joined = dict(fanout.layer.groups)
    await fanout.leave("conference.1", second)

    assert (list(still_joined), fanout.layer.groups, fanout.members) == (["conference.1"], {}, {})


async def test_fanout_a_failing_socket_does_not_stop_the_others(fanout):
    failing, fine = Socket(fails=True), Socket()
    await fanout.join("conference.1", failing)
    await fanout.join("conference.1", fine)

    await push(fanout, "conference.1", "hello")
    await asyncio.wait_for(fine.heard.wait(), 5)

    assert (failing.received, fine.received) == ([], ["hello"])
