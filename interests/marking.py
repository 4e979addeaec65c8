"""Marking a presentation as interesting: the one write that forms, sockets and tests share.

The live messages are not sent here: `interests.signals` sends them for every change of an Interest,
so an edit in the admin or a shell reaches open pages the same way.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from interests.models import Interest


class InterestNotAccepted(ValueError):
    """The presentation is not something one attends by choice (a break, a meal)."""


def set_interest(*, user, presentation, interested: bool) -> bool:
    """Make `user`'s interest in `presentation` be `interested`. Returns whether anything changed.

    Setting what is already set changes nothing, so a double click or a retried request is harmless.
    """
    if interested and not presentation.accepts_interest:
        raise InterestNotAccepted(f"{presentation.kind!r} items cannot be added to a calendar.")
    if not interested:
        interest = Interest.objects.filter(user=user, presentation=presentation).first()
        if interest is None:
            return False
        interest.presentation = presentation  # the announcement reads the conference from it, not again
        deleted, _ = interest.delete()
        return deleted > 0
    try:
        # Two requests racing to add the same interest: the unique constraint lets only one insert win.
        with transaction.atomic():
            _, created = Interest.objects.get_or_create(user=user, presentation=presentation)
    except IntegrityError:
        return False
    return created
