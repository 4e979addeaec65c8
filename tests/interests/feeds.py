"""Helpers of the personal feed tests: a feed's address, the UIDs of a calendar, the UID of a talk."""

from __future__ import annotations

from interests.models import CalendarFeed
from presentations.models import Presentation


def feed_url(feed: CalendarFeed) -> str:
    return f"/calendar/{feed.token}.ics"


def uids(calendar) -> set[str]:
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def uid(presentation: Presentation) -> str:
    return f"{presentation.conference.slug}-{presentation.source_id}@pyconguide"
