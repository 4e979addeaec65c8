"""The schedule version of each conference, which the page cache keys its copies on, and its change's time.

It grows in the same transaction as every change to what the conference's pages show: a presentation, a
change record or a speaker's bio saved or deleted (import, scrape, admin, shell) bumps its conference; a
conference saved or deleted bumps them all (every page's header lists the conferences). `QuerySet.update()`,
`bulk_create()` and raw SQL send no signal: call `bump()` after them. A loop of saves (an import) runs inside
`bumps_deferred()`, which makes its bumps one UPDATE per conference at its end, still in its transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils.timezone import now

from presentations.models import Conference, Presentation, ScheduleChange, SpeakerBio

# The conferences whose bumps wait for the end of the innermost `bumps_deferred()` block (None: none open).
# Each with the time of its newest change.
_deferred: ContextVar[dict[int, datetime] | None] = ContextVar("schedule_version_deferred", default=None)


def bump(conference_id: int, at: datetime | None = None) -> None:
    """A new schedule version for one conference, in the caller's transaction, changed `at` (default: now)."""
    at = at or now()
    pending = _deferred.get()
    if pending is not None:
        pending[conference_id] = max(pending.get(conference_id, at), at)
        return
    Conference.objects.filter(pk=conference_id).update(schedule_version=F("schedule_version") + 1, schedule_changed=at)


@contextmanager
def bumps_deferred() -> Iterator[None]:
    """Bumps asked for inside the block are made once per conference when it ends without an error.

    Open it inside the transaction that makes the changes, so that the version still grows in it: an
    import of 876 talks then costs one UPDATE instead of 876. A block inside another adds to the outer one.
    """
    if _deferred.get() is not None:
        yield
        return
    pending: dict[int, datetime] = {}
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    for conference_id in sorted(pending):
        bump(conference_id, pending[conference_id])


def bump_all() -> None:
    """A new schedule version for every conference: what the header lists changed.

    Their `schedule_changed` stays: another conference's save changes none of their own exports or feeds
    (the saved one's `updated` moves its own Last-Modified)."""
    Conference.objects.update(schedule_version=F("schedule_version") + 1)


def saved_at(instance, kwargs) -> datetime | None:
    """The `updated` a save just wrote (auto_now), so that Last-Modified is the change's own time; None
    (now) for a deletion, or a save of other fields only."""
    fields = kwargs.get("update_fields")
    if "created" in kwargs and (fields is None or "updated" in fields):
        return instance.updated
    return None


def validators(conference: Conference) -> tuple[list[object], datetime]:
    """What a conference's exports and feeds' ETag and Last-Modified stand for, from its row alone.

    The schedule version grows, in the same transaction, with every saved or deleted presentation (a
    cancelled one included, which leaves a feed), change record and speaker bio of the conference, and
    with every save of a conference; `schedule_changed` is the time of the newest of the conference's own
    changes (a saved row's `updated`, a deletion's moment), `updated` that of the conference's own save.
    """
    state = [conference.pk, conference.updated.isoformat(), conference.schedule_version]
    return state, max(conference.updated, conference.schedule_changed)


def _presentation_changed(sender, instance: Presentation, raw: bool = False, **kwargs) -> None:
    if not raw:
        bump(instance.conference_id, saved_at(instance, kwargs))


def _change_recorded(sender, instance: ScheduleChange, raw: bool = False, **kwargs) -> None:
    # (record_changes writes its records with bulk_create, which sends no signal, and bumps itself.)
    conference_id = Presentation.objects.filter(pk=instance.presentation_id).values_list("conference_id", flat=True)
    if not raw and (found := conference_id.first()) is not None:
        bump(found)


def _bio_changed(sender, instance: SpeakerBio, raw: bool = False, **kwargs) -> None:
    if not raw:
        bump(instance.conference_id, saved_at(instance, kwargs))


def _conference_changed(sender, instance: Conference, raw: bool = False, **kwargs) -> None:
    if not raw:
        bump_all()


def connect() -> None:
    """Connected once, by PresentationsConfig.ready."""
    post_save.connect(_presentation_changed, sender=Presentation, dispatch_uid="page-cache-presentation-saved")
    post_delete.connect(_presentation_changed, sender=Presentation, dispatch_uid="page-cache-presentation-deleted")
    post_save.connect(_change_recorded, sender=ScheduleChange, dispatch_uid="page-cache-change-saved")
    post_delete.connect(_change_recorded, sender=ScheduleChange, dispatch_uid="page-cache-change-deleted")
    post_save.connect(_bio_changed, sender=SpeakerBio, dispatch_uid="page-cache-bio-saved")
    post_delete.connect(_bio_changed, sender=SpeakerBio, dispatch_uid="page-cache-bio-deleted")
    post_save.connect(_conference_changed, sender=Conference, dispatch_uid="page-cache-conference-saved")
    post_delete.connect(_conference_changed, sender=Conference, dispatch_uid="page-cache-conference-deleted")
