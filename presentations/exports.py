"""`/<slug>/schedule.xml` and `/<slug>/schedule.frab.json`: the schedule for offline schedule apps.

Built by `presentations/frab.py`; ETag, 304 and the cache of built documents as for the calendar feeds.
"""

from __future__ import annotations

from django.urls import reverse
from django.views.decorators.http import require_safe

from presentations import frab, frab_xml
from presentations.calendar import feed_response
from presentations.conference_view import conference_view
from presentations.feeds import PUBLIC_CACHE, public_data
from presentations.models import Conference
from presentations.schedule_version import validators

XML_CONTENT_TYPE = "application/xml; charset=utf-8"
JSON_CONTENT_TYPE = "application/json"


def _export(request, conference: Conference, *, kind: str, content_type: str, render):
    base_url = request.build_absolute_uri("/")
    state, last_modified = validators(conference)

    def build() -> bytes:
        presentations = frab.export_presentations(conference)
        return render(frab.schedule_of(conference, presentations, base_url=base_url))

    return feed_response(
        request,
        state=[kind, *state],
        last_modified=last_modified,
        build=build,
        cache_control=PUBLIC_CACHE,
        content_type=content_type,
    )


@require_safe
@public_data
@conference_view
def schedule_xml(request, conference: Conference):
    url = request.build_absolute_uri(reverse("schedule-xml", args=[conference.slug]))
    return _export(
        request,
        conference,
        kind="frab-xml",
        content_type=XML_CONTENT_TYPE,
        render=lambda schedule: frab_xml.schedule_xml(schedule, url=url),
    )


@require_safe
@public_data
@conference_view
def schedule_frab_json(request, conference: Conference):
    return _export(request, conference, kind="frab-json", content_type=JSON_CONTENT_TYPE, render=frab.schedule_json)
