"""Sending live messages: the group of each stream and the events that go on it.

Group names follow ../shared/STACK.md: ASCII, by primary key. Each event is numbered in its stream and
published once (interests/streams.py); every process reads it once and sends its sockets the frames of
../shared/SPEC.md (interests/hub.py).

Delivery is best effort by design (the channel layers are at-most-once; the numbering makes a loss
visible, docs/live.md): a failure is logged, never raised into the request or command that changed the data.
"""

from __future__ import annotations

import logging

from interests.streams import streams

logger = logging.getLogger(__name__)


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def conference_group(conference_id: int) -> str:
    return f"conference.{conference_id}"


def send_to_group(group: str, event: dict) -> int | None:
    """Publish `event` on `group`'s stream; its seq, or None when it could not be sent."""
    current = streams()
    if current is None:
        return None
    try:
        return current.publish(group, event)
    except Exception:
        logger.exception("Could not send %s to group %s", event.get("type"), group)
        return None


def broadcast_interest(*, user_id: int, presentation_id: int, interested: bool) -> int | None:
    return send_to_group(
        user_group(user_id),
        {"type": "interest", "presentation": presentation_id, "interested": interested},
    )


def broadcast_count(*, conference_id: int, presentation_id: int, count: int) -> int | None:
    return send_to_group(
        conference_group(conference_id),
        {"type": "count", "presentation": presentation_id, "count": count},
    )


def broadcast_presentation_change(*, conference_id: int, presentation_id: int, changes: dict) -> int | None:
    return send_to_group(
        conference_group(conference_id),
        {"type": "presentation", "presentation": presentation_id, "changes": changes},
    )
