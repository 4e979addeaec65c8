"""Every change of an Interest goes out live, whatever made it: a socket, a form, the admin, a shell.

The handlers only remember ids; the messages leave once the transaction commits (a rolled-back change
must not be announced), and `robust=True` keeps a channel layer outage from turning a saved interest
into an error.
"""

from __future__ import annotations

from functools import partial

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from interests import broadcast
from interests.models import Interest
from interests.sign_in import add_after_sign_in


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


@receiver(post_save, sender=Interest, dispatch_uid="interests.announce_saved")
def interest_saved(sender, instance: Interest, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:  # loading fixtures: nobody is watching
        return
    _announce_on_commit(instance, interested=True)


@receiver(post_delete, sender=Interest, dispatch_uid="interests.announce_deleted")
def interest_deleted(sender, instance: Interest, **kwargs) -> None:
    _announce_on_commit(instance, interested=False)


# "Sign in to add": whichever way the person signs in (GitHub, a password, a new account).
user_logged_in.connect(add_after_sign_in, dispatch_uid="interests.add_after_sign_in")
