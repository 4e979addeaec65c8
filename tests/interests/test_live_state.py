"""Merged counts: what a process sends each socket after several changes, without sockets or a layer."""

from __future__ import annotations

import json

from interests.live_state import ConferenceStream


class Socket:
    def __init__(self, conference_seq: int | None) -> None:
        self.conference_seq = conference_seq


def frames(stream: ConferenceStream, sockets) -> list[tuple[dict, list]]:
    return [(json.loads(text), group) for text, group in stream.frames_for(sockets)]


def test_live_state_counts_merge_to_the_last_value_of_each_talk():
    stream = ConferenceStream("conference.1", seq=10, conference_id=1)
    stream.counts = {7: 1}
    socket = Socket(conference_seq=10)

    for seq, (talk, count) in enumerate([(7, 2), (8, 1), (7, 3), (7, 2)], start=11):
        stream.seq = seq
        stream.heard_count(talk, count, seq)
    sent = frames(stream, [socket])
    again = frames(stream, [socket])

    assert sent == [({"type": "counts", "seq": 14, "counts": {"7": 2, "8": 1}}, [socket])]
    assert (again, socket.conference_seq) == ([], 14)


def test_live_state_sockets_at_the_same_seq_share_one_frame():
    stream = ConferenceStream("conference.1", seq=10, conference_id=1)
    stream.counts = {}
    behind, also_behind, newer, waiting = Socket(10), Socket(10), Socket(11), Socket(None)
    for seq, talk in ((11, 7), (12, 8)):
        stream.seq = seq
        stream.heard_count(talk, 1, seq)

    sent = frames(stream, [behind, also_behind, newer, waiting])

    assert sent == [
        ({"type": "counts", "seq": 12, "counts": {"7": 1, "8": 1}}, [behind, also_behind]),
        ({"type": "counts", "seq": 12, "counts": {"8": 1}}, [newer]),
    ]
    assert waiting.conference_seq is None  # no snapshot yet: nothing before it
