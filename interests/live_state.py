"""What one process knows of each stream it reads, and what each socket of it has been sent.

A conference's counts are read from the database once (one aggregate query, shared by every socket that
asks while it runs) and then kept current by the stream's messages, so a socket that opens is answered
from memory. A gap in the stream throws the counts away; the next snapshot reads them again.

Counts are merged: a socket is sent, at most once per interval (interests/hub.py paces it), every count
that changed since its last frame, with the newest value. Sockets that were sent the same `seq` last get
the same frame, encoded once.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict

from channels.db import database_sync_to_async
from django.db.models import Count

from interests.models import Interest


@database_sync_to_async
def stored_counts(conference_id: int) -> dict[int, int]:
    rows = (
        Interest.objects.filter(presentation__conference_id=conference_id)
        .order_by()
        .values_list("presentation_id")
        .annotate(n=Count("id"))
    )
    return dict(rows)


@database_sync_to_async
def stored_interests(user_id: int, conference_id: int) -> list[int]:
    rows = Interest.objects.filter(user_id=user_id, presentation__conference_id=conference_id)
    return sorted(rows.order_by().values_list("presentation_id", flat=True))


class Stream:
    """One group this process reads: where its `seq` stands here, and the sockets that read it."""

    def __init__(self, group: str, seq: int) -> None:
        self.group = group
        self.seq = seq
        self.sockets: set = set()


class ConferenceStream(Stream):
    def __init__(self, group: str, seq: int, conference_id: int) -> None:
        super().__init__(group, seq)
        self.conference_id = conference_id
        self.counts: dict[int, int] | None = None  # None: not read, or thrown away after a gap
        self.heard: dict[int, tuple[int, int]] = {}  # presentation → (seq, count) of its newest count here
        self.building: asyncio.Future | None = None

    def heard_count(self, presentation: int, count: int, seq: int) -> None:
        self.heard[presentation] = (seq, count)
        if self.counts is not None:
            self.counts[presentation] = count

    def forget(self) -> None:
        self.counts = None

    async def current_counts(self) -> dict[int, int]:
        """The counts as of `self.seq`; sockets asking together share one query."""
        while self.counts is None:
            if self.building is None or self.building.done():
                self.building = asyncio.ensure_future(self._build())
            await asyncio.shield(self.building)
        return self.counts

    async def _build(self) -> None:
        # Read at `seq` or later: every change numbered up to `seq` was committed before it was numbered.
        read_at = self.seq
        counts = await stored_counts(self.conference_id)
        # What was heard while the query ran is at least as new as what it read (or its newer value is
        # still on its way here): the last value wins.
        for presentation, (seq, count) in self.heard.items():
            if seq > read_at:
                counts[presentation] = count
        self.counts = counts

    def frames_for(self, sockets) -> list[tuple[str, list]]:
        """The merged `counts` frame for each socket that is behind (with the sockets it goes to)."""
        if self.counts is None:
            return []
        behind = defaultdict(list)
        for socket in sockets:
            if socket.conference_seq is not None and socket.conference_seq < self.seq:
                behind[socket.conference_seq].append(socket)
        frames = []
        for since, group in behind.items():
            changed = {p: seq for p, (seq, _) in self.heard.items() if seq > since}
            if not changed:
                continue  # behind only by other messages (schedule changes), sent on their own
            newest = max(changed.values())
            counts = {str(p): self.counts.get(p, 0) for p in sorted(changed)}
            frames.append((json.dumps({"type": "counts", "seq": newest, "counts": counts}), group))
            for socket in group:
                socket.conference_seq = newest
        return frames


class UserStream(Stream):
    async def current_interests(self, user_id: int, conference_id: int) -> tuple[int, list[int]]:
        """(seq, the user's interests as of that seq)."""
        while True:
            read_at = self.seq
            interests = await stored_interests(user_id, conference_id)
            if self.seq == read_at:
                return read_at, interests


async def snapshot_of(conference: ConferenceStream, user: UserStream | None, user_id: int | None):
    """The `snapshot` frame for a socket, and the (conference, user) seq it stands at."""
    user_seq, interests = (None, [])
    if user is not None:
        user_seq, interests = await user.current_interests(user_id, conference.conference_id)
    while True:
        counts = await conference.current_counts()
        if user is None or user.seq == user_seq:
            break
        user_seq, interests = await user.current_interests(user_id, conference.conference_id)
    frame = {
        "type": "snapshot",
        "seq": {"conference": conference.seq, "user": user_seq},
        "counts": {str(p): n for p, n in sorted(counts.items()) if n},
        "interests": interests,
    }
    return frame, conference.seq, user_seq
