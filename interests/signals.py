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
from presentations.models import Presentation

# Each extra send follows a change that raced this one, which sends its own count too.
MAX_COUNT_SENDS = 3


def announce(*, user_id: int, presentation_id: int, interested: bool, conference_id: int | None = None) -> None:
    """Tell the user's pages, and the conference's pages the new count. `conference_id` is read when not given."""
    broadcast.broadcast_interest(user_id=user_id, presentation_id=presentation_id, interested=interested)
    if conference_id is None:
        presentations = Presentation.objects.filter(pk=presentation_id)
        conference_id = presentations.values_list("conference_id", flat=True).first()
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
    # set_interest hands the presentation over, already read: its conference costs no query then.
    field = Interest._meta.get_field("presentation")
    presentation = field.get_cached_value(instance) if field.is_cached(instance) else None
    announcement = partial(
        announce,
        user_id=instance.user_id,
        presentation_id=instance.presentation_id,
        interested=interested,
        conference_id=presentation.conference_id if presentation is not None else None,
    )
    transaction.on_commit(announcement, robust=True)


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
