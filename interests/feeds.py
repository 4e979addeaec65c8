"""The personal calendar feed: one user's interests at a secret URL that calendar apps poll.

Apps cannot sign in, so the token in the URL is the only key. It is looked up in the database (a unique
index), never compared in Python, and replacing it (`/me/feed/rotate/`) makes the old URL a 404.
"""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db.models import Count, Max, Sum
from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_safe

from interests.models import CalendarFeed, Interest
from presentations.calendar import build_calendar, feed_presentations, feed_response, talk_page_url
from presentations.models import Conference, Presentation
from presentations.queries import current_conference

FEED_NAME = "My talks (PyCon Guide)"
# Only the owner's app should keep a copy; it revalidates every time, which costs a 304 at most.
PRIVATE_CACHE = "private, no-cache"


def feed_of(user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def _main_timezone(presentations: list[Presentation], fallback: Conference | None) -> str:
    zones = Counter(p.conference.timezone for p in presentations)
    if zones:
        return zones.most_common(1)[0][0]
    return fallback.timezone if fallback else settings.TIME_ZONE


def _conference_dates(conference: Conference | None):
    if conference is None or conference.start_date is None:
        return None
    return (conference.start_date, conference.end_date or conference.start_date)


def _build(feed: CalendarFeed, request, fallback: Conference | None) -> bytes:
    presentations = list(feed_presentations(Presentation.objects.filter(interests__user_id=feed.user_id)))
    # A calendar must hold a component (RFC 5545 §3.6): with nothing marked yet, it carries the VTIMEZONE of
    # the conference the person most likely came for, which also gives a new subscription its zone.
    return build_calendar(
        presentations,
        name=FEED_NAME,
        timezone_name=_main_timezone(presentations, fallback),
        page_url=talk_page_url(request),
        reminder_minutes=feed.reminder_minutes,
        stamp=feed.reminder_changed,
        around=_conference_dates(fallback),
    )


def _fallback_state(conference: Conference | None) -> list[object]:
    if conference is None:
        return [None]
    return [conference.pk, conference.timezone, conference.start_date, conference.end_date]


# The feed's row and one aggregate of its owner's interests, in one query: the sum of ids and the count
# change when an interest goes, the newest `created` when one comes, the newest `updated` when a talk or its
# conference changes.
TOTALS = {
    "count": Count("user__interests"),
    "ids": Sum("user__interests__presentation_id"),
    "added": Max("user__interests__created"),
    "changed": Max("user__interests__presentation__updated"),
    "conference_changed": Max("user__interests__presentation__conference__updated"),
}
FEED_FIELDS = ("pk", "user_id", "reminder_minutes", "reminder_changed", "updated")


@require_safe
def personal_feed(request, token: str):
    found = (
        CalendarFeed.objects.filter(token=token, user__is_active=True)
        .values(*FEED_FIELDS)
        .annotate(**TOTALS)
        .order_by()
        .first()
    )
    if found is None:
        raise Http404("No calendar feed at this address. It may have been replaced: see your My talks page.")
    feed = CalendarFeed(**{name: found[name] for name in FEED_FIELDS})
    totals = {name: found[name] for name in TOTALS}
    state = [feed.pk, feed.reminder_minutes, feed.updated.isoformat(), *(totals[key] for key in sorted(totals))]
    # Only an empty feed depends on the current conference (its VTIMEZONE): one query more, only then.
    fallback = current_conference() if not totals["count"] else None
    state += _fallback_state(fallback)
    last_modified = max(filter(None, [feed.updated, totals["added"], totals["changed"], totals["conference_changed"]]))
    return feed_response(
        request,
        state=state,
        last_modified=last_modified,
        build=lambda: _build(feed, request, fallback),
        cache_control=PRIVATE_CACHE,
    )


def note_interest_removed(sender, instance: Interest, **kwargs) -> None:
    """Move the feed's Last-Modified forward when an interest goes, however it went (page, socket, admin).

    A removal leaves no row behind to take a time from, and apps that send only If-Modified-Since would
    otherwise keep the removed talk. Connected in `InterestsConfig.ready`.
    """
    CalendarFeed.objects.filter(user_id=instance.user_id).update(updated=timezone.now())
