"""Issue 11's peer to the hub, for bench/live_load.py only: the live socket the plain Channels way.

Every socket takes a channel of its own and `group_add`s its conference's group (and its user's), on the
same `RedisPubSubChannelLayer` and the same numbered messages (interests/streams.py); the layer copies each
group message into every member's queue, and each consumer decodes it and writes its own frame. `dispatch`
skips Channels' per-message hop to the sync thread (`aclose_old_connections`) for layer messages, which
need no database. Frames from the browser, snapshots and refusals are LiveConsumer's own. Counts are
merged per socket: the first after a quiet spell at once, then at most one `counts` frame per
MIN_INTERVAL with the newest values (a timer per socket). Left out, which only makes it cheaper than
the site: the probe, gap detection, the socket caps.

Served by Daphne as `live_groups:application` from bench/ (bench/live_load.py --peers groups).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pyconguide.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.layers import get_channel_layer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import path, re_path  # noqa: E402

from interests.broadcast import conference_group, user_group  # noqa: E402
from interests.consumers import CLOSE_UNKNOWN_CONFERENCE, LiveConsumer, UnknownPath, conference_id_of  # noqa: E402
from interests.hub import MIN_INTERVAL  # noqa: E402
from interests.live_state import ConferenceStream, UserStream, snapshot_of  # noqa: E402
from interests.streams import streams  # noqa: E402
from security.asgi import AccessLog, ProxyHeaders  # noqa: E402

# The process's view of each stream (its counts, for snapshots), kept by whichever socket hears a message first.
_streams: dict[str, ConferenceStream | UserStream] = {}


async def stream_of(group: str, conference_id: int | None = None):
    stream = _streams.get(group)
    if stream is None:
        seq = (await asyncio.to_thread(streams().current, [group]))[group]
        stream = UserStream(group, seq) if conference_id is None else ConferenceStream(group, seq, conference_id)
        _streams.setdefault(group, stream)
    return _streams[group]


class GroupsConsumer(LiveConsumer):
    channel_layer_alias = "default"  # a channel per socket, as Channels gives every consumer

    async def dispatch(self, message):
        if message["type"] == "live":  # Channels' dispatch would hop to the sync thread first
            await self.live(message)
        else:
            await super().dispatch(message)

    async def open(self) -> None:
        self.conference_id = await conference_id_of(self.slug)
        if self.conference_id is None:
            await self.accept_and_log()
            await self.close(code=CLOSE_UNKNOWN_CONFERENCE)
            return
        self.pending, self.pending_seq, self.timer, self.last_counts = {}, None, None, 0.0
        self.groups = [conference_group(self.conference_id)] + ([user_group(self.user.pk)] if self.user.pk else [])
        for group in self.groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.conference_stream = await stream_of(self.groups[0], self.conference_id)
        self.user_stream = await stream_of(self.groups[1]) if self.user.pk else None
        self.conference_seq = self.user_seq = None
        await self.accept_and_log()
        await self.send_snapshot(fresh=False)

    async def send_snapshot(self, *, fresh: bool) -> None:
        if fresh:
            self.conference_stream.forget()
        user_id = self.user.pk if self.user_stream is not None else None
        frame, self.conference_seq, self.user_seq = await snapshot_of(self.conference_stream, self.user_stream, user_id)
        await self.send(text_data=json.dumps(frame))

    async def receive_json(self, content, **kwargs) -> None:
        if isinstance(content, dict) and content.get("type") == "sync":
            await self.send_snapshot(fresh=True)
            return
        await super().receive_json(content, **kwargs)

    async def live(self, message) -> None:
        group, seq, event = message["group"], message["seq"], json.loads(message["event"])
        stream = _streams.get(group)
        if stream is not None and seq > stream.seq:
            stream.seq = seq
            if event["type"] == "count":
                stream.heard_count(event["presentation"], event["count"], seq)
        if event["type"] == "interest":
            if self.user_seq is not None and seq > self.user_seq:
                self.user_seq = seq
                await self.send(text_data=json.dumps({**event, "seq": seq}))
        elif self.conference_seq is not None and seq > self.conference_seq:
            self.conference_seq = seq
            if event["type"] == "count":
                self.pending[event["presentation"]] = event["count"]
                self.pending_seq = seq
                await self.counts_due()
            else:
                await self.send_counts()
                await self.send(text_data=json.dumps({**event, "seq": seq}))

    async def counts_due(self) -> None:
        if self.timer is not None:
            return
        loop = asyncio.get_running_loop()
        wait = self.last_counts + MIN_INTERVAL - loop.time()
        if wait <= 0:
            await self.send_counts()
        else:
            self.timer = loop.call_later(wait, lambda: asyncio.ensure_future(self.send_counts()))

    async def send_counts(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if not self.pending:
            return
        counts = {str(p): n for p, n in sorted(self.pending.items())}
        self.pending, self.last_counts = {}, asyncio.get_running_loop().time()
        await self.send(text_data=json.dumps({"type": "counts", "seq": self.pending_seq, "counts": counts}))

    async def disconnect(self, code) -> None:
        if getattr(self, "timer", None) is not None:
            self.timer.cancel()
        layer = get_channel_layer()
        for group in getattr(self, "groups", []):
            await layer.group_discard(group, self.channel_name)
        await super().disconnect(code)


routes = [path("ws/", GroupsConsumer.as_asgi()), re_path(r"", UnknownPath.as_asgi())]
application = ProxyHeaders(
    AccessLog(
        ProtocolTypeRouter(
            {
                "http": django_asgi_app,
                "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(routes))),
            }
        )
    )
)
