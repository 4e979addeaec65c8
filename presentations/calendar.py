"""iCalendar feeds of presentations, shared by the personal, conference and single-talk feeds.

Calendar apps cannot sign in, poll rarely and trust UID and SEQUENCE, so everything in a feed is derived
from stored data: the UID from the conference slug and the source's own id (it survives re-scrapes and a
rebuilt database), DTSTAMP and LAST-MODIFIED from `presentation.updated`, never the clock. Unchanged data
gives byte-identical output, and the HTTP validators come from cheap aggregates, so an unchanged feed
answers 304 without being built. See docs/feeds.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date
from icalendar import Alarm, Calendar, Event, Timezone

from presentations.models import Presentation

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//PyCon Guide//Calendar feeds//EN"
UID_DOMAIN = "pyconguide"
# Bump when the shape of the output changes, so apps holding an old ETag fetch the new form once.
FORMAT_VERSION = "1"
# How often we ask apps to poll; most apps ignore it, some (Apple) honour it.
REFRESH = timedelta(hours=1)
# The same for X-PUBLISHED-TTL, as text: icalendar renders a timedelta there as "1:00:00", which apps reject.
PUBLISHED_TTL = "PT1H"
# VTIMEZONE covers the feed's own dates plus this margin: the library's default writes decades of rules.
TIMEZONE_MARGIN = timedelta(days=7)
# Built feeds are kept under their ETag: apps that poll without validators (or many subscribers of one
# conference) then cost a cache read instead of a build, which icalendar makes slow (docs/benchmarks.md).
BUILT_FEED_SECONDS = 24 * 60 * 60


def event_uid(presentation: Presentation) -> str:
    return f"{presentation.conference.slug}-{presentation.source_id}@{UID_DOMAIN}"


def feed_presentations(queryset):
    """What a feed may show: presentations with a time (posters without one have nothing to put in a calendar)."""
    return queryset.timed().select_related("conference").order_by("start", "conference__slug", "source_id")


def _description(presentation: Presentation, page_url: str) -> str:
    parts = []
    if presentation.speakers:
        parts.append(", ".join(presentation.speakers))
    text = presentation.description or presentation.abstract
    if text:
        parts.append(text.strip())
    parts.append(page_url)
    return "\n\n".join(parts)


def _summary(presentation: Presentation) -> str:
    # Several apps (Google among them) ignore STATUS in subscriptions: say it in the title too.
    return f"Cancelled: {presentation.title}" if presentation.is_cancelled else presentation.title


def _reminder(presentation: Presentation, minutes: int) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(minutes=-minutes))
    where = f" in {presentation.room}" if presentation.room else ""
    alarm.add("description", f"In {minutes} minutes{where}: {presentation.title}")
    return alarm


def build_event(presentation: Presentation, *, page_url: str, reminder_minutes: int = 0) -> Event:
    tz = presentation.conference.tzinfo
    event = Event()
    event.add("uid", event_uid(presentation))
    event.add("dtstamp", presentation.updated)
    event.add("last-modified", presentation.updated)
    event.add("sequence", presentation.sequence)
    event.add("dtstart", presentation.start.astimezone(tz))
    # A presentation without an end is shown as a point in time rather than guessed at.
    event.add("dtend", (presentation.end or presentation.start).astimezone(tz))
    event.add("summary", _summary(presentation))
    event.add("description", _description(presentation, page_url))
    if presentation.room:
        event.add("location", presentation.room)
    categories = [value for value in (presentation.kind, presentation.category) if value]
    if categories:
        event.add("categories", categories)
    event.add("url", page_url)
    event.add("status", "CANCELLED" if presentation.is_cancelled else "CONFIRMED")
    if reminder_minutes and not presentation.is_cancelled:
        event.add_component(_reminder(presentation, reminder_minutes))
    return event


def _timezones(presentations: list[Presentation]) -> list[Timezone]:
    """One VTIMEZONE per TZID used, covering only the dates the feed's events fall on."""
    spans: dict[str, tuple[date, date]] = {}
    for presentation in presentations:
        name = presentation.conference.timezone
        tz = presentation.conference.tzinfo
        first = presentation.start.astimezone(tz).date()
        last = (presentation.end or presentation.start).astimezone(tz).date()
        if name in spans:
            first, last = min(first, spans[name][0]), max(last, spans[name][1])
        spans[name] = (first, last)
    return [
        Timezone.from_tzinfo(
            ZoneInfo(name), tzid=name, first_date=first - TIMEZONE_MARGIN, last_date=last + TIMEZONE_MARGIN
        )
        for name, (first, last) in sorted(spans.items())
    ]


def build_calendar(
    presentations: Iterable[Presentation],
    *,
    name: str,
    timezone_name: str,
    page_url: Callable[[Presentation], str],
    reminder_minutes: int = 0,
) -> bytes:
    presentations = list(presentations)
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone_name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", PUBLISHED_TTL)
    for timezone in _timezones(presentations):
        calendar.add_component(timezone)
    for presentation in presentations:
        calendar.add_component(
            build_event(presentation, page_url=page_url(presentation), reminder_minutes=reminder_minutes)
        )
    return calendar.to_ical()


def talk_page_url(request: HttpRequest) -> Callable[[Presentation], str]:
    return lambda presentation: request.build_absolute_uri(f"/talks/{presentation.pk}/")


def _fingerprint(parts: Iterable[object]) -> str:
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _built(fingerprint: str, build: Callable[[], bytes]) -> bytes:
    key = f"calendar-feed:{fingerprint}"
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, BUILT_FEED_SECONDS)
    return content


def feed_response(
    request: HttpRequest,
    *,
    state: Iterable[object],
    last_modified: datetime | None,
    build: Callable[[], bytes],
    cache_control: str,
) -> HttpResponse:
    """Answer 304 when the client holds what `state` describes, else the calendar `build` makes (or made).

    `state` must name everything the output depends on: it keys both the ETag and the built feed kept in
    the cache. The page URLs in the feed depend on the host the app asked, so that goes in too.
    """
    fingerprint = _fingerprint([FORMAT_VERSION, request.scheme, request.get_host(), *state])
    etag = quote_etag(fingerprint)
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = HttpResponse(_built(fingerprint, build), content_type=CONTENT_TYPE)
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = cache_control
    return response
