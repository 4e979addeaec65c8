"""iCalendar feeds of presentations, shared by the personal, conference and single-talk feeds.

Calendar apps cannot sign in, poll rarely and trust UID and SEQUENCE, so everything in a feed is derived
from stored data: the UID from the conference slug and the source's own id (it survives re-scrapes and a
rebuilt database), DTSTAMP and LAST-MODIFIED from `presentation.updated`, never the clock. Unchanged data
gives byte-identical output, and the HTTP validators come from cheap aggregates, so an unchanged feed
answers 304 without being built. See docs/feeds.md.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date
from django.utils.text import compress_string
from icalendar import Alarm, Calendar, Event
from icalendar.parser import Parameters
from icalendar.prop import vText

from presentations import clock, ics_writer
from presentations import gzipped as gzipped_answers
from presentations.converters import LARGEST_ID
from presentations.fingerprint import DOCUMENT_FIELDS
from presentations.models import Presentation
from presentations.vtimezone import vtimezone_ical

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//PyCon Guide//Calendar feeds//EN"
UID_DOMAIN = "pyconguide"
# Bump when the shape of the output changes, so apps holding an old ETag fetch the new form once.
FORMAT_VERSION = "2"
# How often we ask apps to poll; most apps ignore it, some (Apple) honour it.
REFRESH = timedelta(hours=1)
# The same for X-PUBLISHED-TTL, as text: icalendar renders a timedelta there as "1:00:00", which apps reject.
PUBLISHED_TTL = "PT1H"
# VTIMEZONE covers the feed's own dates plus this margin on each side: a whole year around the events, so
# that every zone with daylight saving time gets both its STANDARD and its DAYLIGHT rule (Outlook builds its
# zone from them), without the library's decades of rules.
TIMEZONE_MARGIN = timedelta(days=366)
# The whole-conference feed keeps each description to its first paragraph, cut at about this many
# characters: FOSDEM's full texts made the feed 1.22 MB, over what Google Calendar takes for a subscription.
SHORT_DESCRIPTION = 300
# Built feeds are kept under their ETag: apps that poll without validators (or many subscribers of one
# conference) then cost a cache read instead of a build, which icalendar makes slow (docs/benchmarks.md).
BUILT_FEED_SECONDS = 24 * 60 * 60


class PlainText(vText):
    """TEXT escaped as RFC 5545 §3.3.11 says, backslash first.

    icalendar's writer turns a literal backslash-N into a line break before escaping (it lets callers write
    one that way), so `s/\\n/\\\\N/g` in a FOSDEM title came back from parsers with a newline in it;
    here every backslash is a backslash, and icalendar's and ical's parsers read the text back unchanged.
    """

    def to_ical(self) -> bytes:
        text = str(self).replace("\r\n", "\n").replace("\r", "\n")
        escaped = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        return escaped.encode(self.encoding)


class PlainTextList:
    """A multi-valued TEXT property (CATEGORIES) escaped like PlainText, values joined by commas.

    Added with `encode=False`: icalendar's own list type escapes like vText."""

    def __init__(self, values):
        self.values = [PlainText(value) for value in values]
        self.params = Parameters()

    def to_ical(self) -> bytes:
        return b",".join(value.to_ical() for value in self.values)


def one_line(text: str) -> str:
    """`text` with every run of whitespace (line breaks too) as one space: titles and names stay one line."""
    return re.sub(r"\s+", " ", text).strip()


def short_text(text: str, limit: int = SHORT_DESCRIPTION) -> str:
    """The first paragraph of `text`, cut at a word before `limit` characters, with "…" when cut."""
    first = re.split(r"\n\s*\n", text.strip(), maxsplit=1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(None, 1)[0] if " " in first[:limit] else first[:limit]
    return cut.rstrip(" ,;:.") + "…"


def event_uid(presentation: Presentation) -> str:
    return f"{presentation.conference.slug}-{presentation.source_id}@{UID_DOMAIN}"


def document_rows(queryset):
    conference = ("conference__slug", "conference__name", "conference__timezone")
    return queryset.select_related("conference").only(*DOCUMENT_FIELDS, *conference)


def feed_presentations(queryset):
    """What a feed may show: presentations with a time (posters without one have nothing to put in a calendar)."""
    return document_rows(queryset.timed()).order_by("start", "conference__slug", "source_id")


def _description(presentation: Presentation, page_url: str, *, short: bool) -> str:
    parts = []
    if presentation.speakers:
        parts.append(", ".join(presentation.speakers))
    text = (presentation.description or presentation.abstract).strip()
    if text:
        parts.append(short_text(text) if short else text)
    parts.append(page_url)
    return "\n\n".join(parts)


def _summary(presentation: Presentation) -> str:
    # Several apps (Google among them) ignore STATUS in subscriptions: say it in the title too.
    title = one_line(presentation.title)
    return f"Cancelled: {title}" if presentation.is_cancelled else title


def _reminder(presentation: Presentation, minutes: int) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(minutes=-minutes))
    where = f" in {one_line(presentation.room)}" if presentation.room else ""
    alarm.add("description", PlainText(f"In {minutes} minutes{where}: {one_line(presentation.title)}"))
    return alarm


def build_event(
    presentation: Presentation,
    *,
    page_url: str,
    reminder_minutes: int = 0,
    short: bool = False,
    stamp: datetime | None = None,
) -> Event:
    """One VEVENT. `stamp`, when later than the presentation's own `updated`, is the DTSTAMP and
    LAST-MODIFIED instead (the personal feed's reminder changed: apps must see the event changed)."""
    tz = presentation.conference.tzinfo
    stamp = max(filter(None, [presentation.updated, stamp]))
    event = Event()
    event.add("uid", event_uid(presentation))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", presentation.sequence)
    event.add("dtstart", clock.local(presentation.start, tz))
    # A presentation without an end is shown as a point in time rather than guessed at.
    event.add("dtend", clock.local(presentation.end or presentation.start, tz))
    event.add("summary", PlainText(_summary(presentation)))
    event.add("description", PlainText(_description(presentation, page_url, short=short)))
    if presentation.room:
        event.add("location", PlainText(one_line(presentation.room)))
    categories = [one_line(value) for value in (presentation.kind, presentation.category) if value.strip()]
    if categories:
        event.add("categories", PlainTextList(categories), encode=False)
    event.add("url", page_url)
    event.add("status", "CANCELLED" if presentation.is_cancelled else "CONFIRMED")
    if reminder_minutes and not presentation.is_cancelled:
        event.add_component(_reminder(presentation, reminder_minutes))
    return event


def _timezones(presentations: list[Presentation], default: tuple[str, date, date]) -> list[bytes]:
    """One VTIMEZONE per TZID used, with every rule from a year before the first event to a year after the
    last; `default` (zone, first, last) when there is no event, since a calendar needs a component."""
    spans: dict[str, tuple[date, date]] = {}
    for presentation in presentations:
        name = presentation.conference.timezone
        tz = presentation.conference.tzinfo
        first = clock.local(presentation.start, tz).date()
        last = clock.local(presentation.end or presentation.start, tz).date()
        if name in spans:
            first, last = min(first, spans[name][0]), max(last, spans[name][1])
        spans[name] = (first, last)
    if not spans:
        spans[default[0]] = default[1:]
    return [
        vtimezone_ical(name, first - TIMEZONE_MARGIN, last + TIMEZONE_MARGIN)
        for name, (first, last) in sorted(spans.items())
    ]


def build_calendar(
    presentations: Iterable[Presentation],
    *,
    name: str,
    timezone_name: str,
    page_url: Callable[[Presentation], str],
    reminder_minutes: int = 0,
    short: bool = False,
    stamp: datetime | None = None,
    around: tuple[date, date] | None = None,
) -> bytes:
    """The feed. `short` keeps descriptions to their first paragraph (big feeds); `stamp` see build_event;
    `around` the dates whose VTIMEZONE an empty feed carries (default: the Unix epoch's year)."""
    presentations = list(presentations)
    name = one_line(name)
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", PlainText(name))
    calendar.add("x-wr-calname", PlainText(name))
    calendar.add("x-wr-timezone", timezone_name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", PUBLISHED_TTL)
    first, last = around or (date(1970, 1, 1), date(1970, 1, 1))
    timezones = _timezones(presentations, (timezone_name, first, last))
    events = [
        ics_writer.to_ical(
            build_event(
                presentation,
                page_url=page_url(presentation),
                reminder_minutes=reminder_minutes,
                short=short,
                stamp=stamp,
            )
        )
        for presentation in presentations
    ]
    return ics_writer.wrapped(calendar, [*timezones, *events])


def talk_page_url(request: HttpRequest) -> Callable[[Presentation], str]:
    # Reversed once per feed, not once per event (~0.1 ms each: 80 ms for FOSDEM's 800 talks); the
    # placeholder is the largest id, which no other part of the address holds.
    placeholder = str(LARGEST_ID)
    head, _, tail = request.build_absolute_uri(reverse("talk", args=[placeholder])).rpartition(placeholder)
    return lambda presentation: f"{head}{presentation.pk}{tail}"


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


def _built_gzipped(fingerprint: str, build: Callable[[], bytes]) -> bytes | None:
    """The built document gzipped, compressed once and kept beside it (presentations/gzipped.py); None when
    it is too short to be worth it."""
    key = f"calendar-feed-gzip:{fingerprint}"
    gzipped = cache.get(key)
    if gzipped is None:
        content = _built(fingerprint, build)
        if len(content) < gzipped_answers.MIN_LENGTH:
            return None
        gzipped = compress_string(content)
        cache.set(key, gzipped, BUILT_FEED_SECONDS)
    return gzipped


def feed_response(
    request: HttpRequest,
    *,
    state: Iterable[object],
    last_modified: datetime | None,
    build: Callable[[], bytes],
    cache_control: str,
    content_type: str = CONTENT_TYPE,
) -> HttpResponse:
    """Answer 304 when the client holds what `state` describes, else the document `build` makes (or made).

    `state` must name everything the output depends on: it keys both the ETag and the built feed kept in
    the cache. The page URLs in the feed depend on the host the app asked, so that goes in too. To a client
    that takes gzip the document goes out gzipped from its kept copy (presentations/gzipped.py): no view
    whose document holds a secret may answer through here.
    """
    fingerprint = _fingerprint([FORMAT_VERSION, request.scheme, request.get_host(), *state])
    etag = quote_etag(fingerprint)
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    gzipped = None
    if response is None:
        gzipped = _built_gzipped(fingerprint, build) if gzipped_answers.accepts_gzip(request) else None
        response = HttpResponse(gzipped or _built(fingerprint, build), content_type=content_type)
    response["ETag"] = etag
    if gzipped:
        gzipped_answers.mark_gzipped(response, etag)
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = cache_control
    return response
