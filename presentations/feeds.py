"""Public calendar feeds: a whole conference, and one presentation."""

from __future__ import annotations

from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from presentations.calendar import build_calendar, feed_presentations, feed_response, talk_page_url
from presentations.models import Conference, Presentation

# Anyone may read these; a short shared cache spares the database when many apps poll at once.
PUBLIC_CACHE = "public, max-age=300"


def conference_feed_presentations(conference: Conference):
    # Breaks and meals stay out: a subscribed calendar full of "Lunch" hides the talks.
    return feed_presentations(Presentation.objects.of(conference).exclude(kind__in=Presentation.NON_INTEREST_KINDS))


@require_safe
def conference_feed(request, slug: str):
    conference = get_object_or_404(Conference, slug=slug)
    presentations = conference_feed_presentations(conference)
    # Presentations are cancelled, never deleted, by imports; the count still catches a deletion in the admin.
    totals = presentations.order_by().aggregate(last=Max("updated"), count=Count("pk"))
    last_modified = max(filter(None, [conference.updated, totals["last"]]))
    return feed_response(
        request,
        state=[conference.pk, conference.updated.isoformat(), totals["last"], totals["count"]],
        last_modified=last_modified,
        build=lambda: build_calendar(
            presentations,
            name=conference.name,
            timezone_name=conference.timezone,
            page_url=talk_page_url(request),
        ),
        cache_control=PUBLIC_CACHE,
    )


@require_safe
def talk_feed(request, pk: int):
    presentation = get_object_or_404(Presentation.objects.select_related("conference"), pk=pk)
    if presentation.start is None:
        raise Http404("This presentation has no time in the schedule, so there is nothing to put in a calendar.")
    conference = presentation.conference
    return feed_response(
        request,
        state=[presentation.pk, presentation.updated.isoformat(), conference.updated.isoformat()],
        last_modified=max(presentation.updated, conference.updated),
        build=lambda: build_calendar(
            [presentation],
            name=f"{presentation.title} ({conference.name})",
            timezone_name=conference.timezone,
            page_url=talk_page_url(request),
        ),
        cache_control=PUBLIC_CACHE,
    )
