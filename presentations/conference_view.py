"""`@conference_view`: a page of one conference, `/<slug>/…`.

The view is given the Conference itself (a slug nobody loaded is a 404) and runs, its template included,
in the conference's own time zone: templates show times with Django's `date` and `time` filters, and
pages read in the zone the schedule is printed in, whatever the server's zone.
"""

from __future__ import annotations

from functools import wraps

from django.shortcuts import get_object_or_404
from django.utils import timezone

from presentations.models import Conference


def conference_view(view):
    @wraps(view)
    def wrapper(request, slug: str, *args, **kwargs):
        conference = get_object_or_404(Conference, slug=slug)
        with timezone.override(conference.tzinfo):
            return view(request, conference, *args, **kwargs)

    return wrapper
