"""Queries that pages, feeds and the JSON share, with their joins preloaded: no query per talk."""

from __future__ import annotations

from presentations.models import Conference, Presentation, PresentationQuerySet


def current_conference() -> Conference | None:
    """The conference a visitor most likely wants: the latest by start date."""
    return Conference.objects.order_by("-start_date", "-pk").first()


def schedule_of(conference: Conference) -> PresentationQuerySet:
    return Presentation.objects.of(conference).with_interest_count().in_schedule_order()


def marked_by(user, conference: Conference) -> set[int]:
    """Ids of the presentations `user` marked in `conference`; none for a visitor who is signed out."""
    if not user.is_authenticated:
        return set()
    from interests.models import Interest

    marked = Interest.objects.filter(user=user, presentation__conference=conference)
    return set(marked.values_list("presentation_id", flat=True))
