"""Every change of an Interest goes out live, whatever made it: a socket, a form, the admin, a shell; so
does every schedule change. interests/apps.py connects these receivers.

The handlers only remember ids; the messages leave once the transaction commits (a rolled-back change
must not be announced), and `robust=True` keeps a channel layer outage from turning a saved interest
into an error.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction

from interests import broadcast
from interests.models import Interest

# Each extra send follows a change that raced this one, which sends its own count too.
MAX_COUNT_SENDS = 3


def announce(*, user_id: int, presentation_id: int, interested: bool) -> None:
    from presentations.models import Presentation

    broadcast.broadcast_interest(user_id=user_id, presentation_id=presentation_id, interested=interested)
    conference_id = Presentation.objects.filter(pk=presentation_id).values_list("conference_id", flat=True).first()
    if conference_id is None:
        return
    announce_count(conference_id=conference_id, presentation_id=presentation_id)


def announce_count(*, conference_id: int, presentation_id: int) -> None:
    """Send the talk's count, read after the commit; read it again after sending, and send again if it
    moved. Two racing changes may be numbered in the other order than they read: the one numbered last
    can carry the older count. Whoever reads a different count after sending sends the newer one, so the
    count with the highest seq is the database's (docs/live.md, "Counts converge")."""
    count = None
    for _ in range(MAX_COUNT_SENDS):
        now = Interest.objects.filter(presentation_id=presentation_id).count()
        if now == count:
            return
        count = now
        broadcast.broadcast_count(conference_id=conference_id, presentation_id=presentation_id, count=count)


def _announce_on_commit(instance: Interest, interested: bool) -> None:
    transaction.on_commit(
        partial(announce, user_id=instance.user_id, presentation_id=instance.presentation_id, interested=interested),
        robust=True,
    )


def interest_saved(sender, instance: Interest, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:  # loading fixtures: nobody is watching
        return
    _announce_on_commit(instance, interested=True)


def interest_deleted(sender, instance: Interest, **kwargs) -> None:
    _announce_on_commit(instance, interested=False)


def schedule_changed(sender, *, conference_id: int, presentation_id: int, changes: dict, **kwargs) -> None:
    """presentations' `schedule_changed` (already after the commit): the `presentation` message."""
    broadcast.broadcast_presentation_change(
        conference_id=conference_id, presentation_id=presentation_id, changes=changes
    )
