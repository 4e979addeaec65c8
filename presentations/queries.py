"""Queries that pages, feeds and the JSON share, with their joins preloaded: no query per talk."""

from __future__ import annotations

from presentations.models import Conference, Presentation, PresentationQuerySet


def current_conference() -> Conference | None:
    """The conference a visitor most likely wants: the latest by start date."""
    return Conference.objects.order_by("-start_date", "-pk").first()


def schedule_of(conference: Conference) -> PresentationQuerySet:
    return Presentation.objects.of(conference).with_interest_count().in_schedule_order()
