"""The JSON shapes that outside clients read (../shared/SPEC.md, "Feeds and data")."""

from __future__ import annotations

from datetime import datetime

from presentations import clock
from presentations.models import Conference, Presentation


def _iso(value: datetime | None, conference: Conference) -> str | None:
    return clock.local(value, conference).isoformat() if value else None


def conference_json(conference: Conference) -> dict:
    return {
        "slug": conference.slug,
        "name": conference.name,
        "timezone": conference.timezone,
        "start": conference.start_date.isoformat() if conference.start_date else None,
        "end": conference.end_date.isoformat() if conference.end_date else None,
    }


# What `presentation_json` reads: a query for it selects (and on SQLite groups the interest count by) only these.
JSON_FIELDS = (
    "source_id",
    "title",
    "speakers",
    "kind",
    "category",
    "audience",
    "room",
    "start",
    "end",
    "status",
    "url",
)


def presentation_json(presentation: Presentation, conference: Conference) -> dict:
    return {
        "id": presentation.pk,
        "source_id": presentation.source_id,
        "title": presentation.title,
        "speakers": list(presentation.speakers),
        "kind": presentation.kind,
        "category": presentation.category,
        "audience": presentation.audience,
        "room": presentation.room,
        "start": _iso(presentation.start, conference),
        "end": _iso(presentation.end, conference),
        "status": presentation.status,
        "interest_count": presentation.interest_total,
        # What was scraped: the presentation's page on the conference's own site ("" when the source has none).
        # Our own page is /talks/<id>/.
        "url": presentation.url,
    }
