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


def announce(*, user_id: int, presentation_id: int, interested: bool) -> None:
    from presentations.models import Presentation

    broadcast.broadcast_interest(user_id=user_id, presentation_id=presentation_id, interested=interested)
    conference_id = Presentation.objects.filter(pk=presentation_id).values_list("conference_id", flat=True).first()
    if conference_id is None:
        return
    # Read at send time, not at change time: of two racing changes the last message carries the final count.
    count = Interest.objects.filter(presentation_id=presentation_id).count()
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
