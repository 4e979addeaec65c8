"""Public calendar feeds: a whole conference (or any filtered view of it), one speaker's, and one presentation."""

from __future__ import annotations

from dataclasses import replace
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from presentations.calendar import build_calendar, document_rows, feed_presentations, feed_response, talk_page_url
from presentations.conference_view import conference_view
from presentations.filters import ScheduleFilters
from presentations.models import Conference, Presentation
from presentations.schedule_version import validators
from presentations.speakers import speaker_presentations

# Anyone may read these; a short shared cache spares the database when many apps poll at once.
PUBLIC_CACHE = "public, max-age=300"


def public_data(view):
    """Lets any web page read the response (`Access-Control-Allow-Origin: *`): schedule apps in browsers.

    Only for what anyone may fetch without signing in; never the personal feed, whose URL is its secret."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def feed_filters(query) -> ScheduleFilters:
    """The list's filters as a feed takes them: `mine` means nothing to an app that cannot sign in."""
    return replace(ScheduleFilters.from_query(query), mine=False)


def conference_feed_presentations(conference: Conference, filters: ScheduleFilters | None = None):
    presentations = Presentation.objects.of(conference)
    if filters is not None:
        presentations = filters.apply(presentations, conference, AnonymousUser())
    if not (filters and filters.kind):
        # Breaks and meals stay out unless asked for: a subscribed calendar full of "Lunch" hides the talks.
        presentations = presentations.exclude(kind__in=Presentation.NON_INTEREST_KINDS)
    return feed_presentations(presentations)


def feed_name(conference: Conference, filters: ScheduleFilters) -> str:
    """The calendar's name: the conference, then what the view shows ("PyCon US 2016: Security · Room A")."""
    parts = [
        filters.day.strftime("%a %b %-d") if filters.day else "",
        filters.kind,
        filters.category,
        filters.audience,
        f"{filters.duration} min" if filters.duration else "",
        filters.room,
        f"“{filters.q}”" if filters.q else "",
    ]
    # Not commas: apps disagree on unescaping them in X-WR-CALNAME, an extension property.
    shown = " · ".join(part for part in parts if part)
    return f"{conference.name}: {shown}" if shown else conference.name


def conference_feed_path(conference: Conference, filters: ScheduleFilters) -> str:
    query = replace(filters, mine=False).query_string()
    path = reverse("conference-feed", args=[conference.slug])
    return f"{path}?{query}" if query else path


@require_safe
@public_data
@conference_view
def conference_feed(request, conference: Conference):
    filters = feed_filters(request.GET)
    # Any change to the conference's presentations moves both, whichever of them the filters keep.
    state, last_modified = validators(conference)
    return feed_response(
        request,
        state=[*state, filters.query_string()],
        last_modified=last_modified,
        build=lambda: build_calendar(
            conference_feed_presentations(conference, filters),
            name=feed_name(conference, filters),
            timezone_name=conference.timezone,
            page_url=talk_page_url(request),
            short=True,
            around=conference_days(conference),
        ),
        cache_control=PUBLIC_CACHE,
    )


def conference_days(conference: Conference):
    """The conference's first and last day, whose VTIMEZONE a feed with no event carries (None: unknown)."""
    return (conference.start_date, conference.end_date or conference.start_date) if conference.start_date else None


def speaker_feed_name(conference: Conference, names: list[str]) -> str:
    return f"{conference.name}: {' · '.join(names)}"


@require_safe
@public_data
@conference_view
def speaker_feed(request, conference: Conference, speaker: str):
    """`/<slug>/speakers/<name>.ics`: what the speaker page lists, so a speaker's talks can be followed."""
    names, ids = speaker_presentations(conference, speaker)
    if not names:
        raise Http404("No such speaker in this conference")
    presentations = feed_presentations(Presentation.objects.filter(pk__in=ids))
    totals = presentations.order_by().aggregate(last=Max("updated"))
    last_modified = max(filter(None, [conference.updated, totals["last"]]))
    return feed_response(
        request,
        # The ids themselves: a name moved from one talk to another keeps the count.
        state=[conference.pk, conference.updated.isoformat(), totals["last"], sorted(ids), names],
        last_modified=last_modified,
        build=lambda: build_calendar(
            presentations,
            name=speaker_feed_name(conference, names),
            timezone_name=conference.timezone,
            page_url=talk_page_url(request),
            around=conference_days(conference),
        ),
        cache_control=PUBLIC_CACHE,
    )


@require_safe
@public_data
def talk_feed(request, pk: int):
    # The validators read three columns; the whole row (descriptions, search text) only when built.
    found = get_object_or_404(Presentation.objects.values("start", "updated", "conference__updated"), pk=pk)
    if found["start"] is None:
        raise Http404("This presentation has no time in the schedule, so there is nothing to put in a calendar.")

    def build() -> bytes:
        presentation = get_object_or_404(document_rows(Presentation.objects), pk=pk)
        conference = presentation.conference
        return build_calendar(
            [presentation],
            name=f"{presentation.title} ({conference.name})",
            timezone_name=conference.timezone,
            page_url=talk_page_url(request),
        )

    return feed_response(
        request,
        state=[pk, found["updated"].isoformat(), found["conference__updated"].isoformat()],
        last_modified=max(found["updated"], found["conference__updated"]),
        build=build,
        cache_control=PUBLIC_CACHE,
    )
