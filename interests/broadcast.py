"""Sending live messages to sockets through the channel layer.

Group names follow ../shared/STACK.md: ASCII, by primary key. Every message is
`{"type": "push", "group": <group>, "text": "<the JSON of a SPEC message>"}`; each process reads it once
and writes the text unchanged to its sockets in that group (interests/fanout.py), so the wire format of
../shared/SPEC.md lives here and only here. It is encoded once here rather than once per socket: a count
goes to every open page of a conference.

Delivery is best effort by design (the channel layers are at-most-once): a failure is logged, never
raised into the request or command that changed the data.
"""

from __future__ import annotations

import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def conference_group(conference_id: int) -> str:
    return f"conference.{conference_id}"


def send_to_group(group: str, payload: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": "push", "group": group, "text": json.dumps(payload)})
    except Exception:
        logger.exception("Could not send %s to group %s", payload.get("type"), group)


def broadcast_interest(*, user_id: int, presentation_id: int, interested: bool) -> None:
    send_to_group(
        user_group(user_id),
        {"type": "interest", "presentation": presentation_id, "interested": interested},
    )


def broadcast_count(*, conference_id: int, presentation_id: int, count: int) -> None:
    send_to_group(
        conference_group(conference_id),
        {"type": "count", "presentation": presentation_id, "count": count},
    )


def broadcast_presentation_change(*, conference_id: int, presentation_id: int, changes: dict) -> None:
    send_to_group(
        conference_group(conference_id),
        {"type": "presentation", "presentation": presentation_id, "changes": changes},
    )
