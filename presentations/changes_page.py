"""The changes page, `/<slug>/changes/`: what changed in the schedule, newest first, one batch per scrape
or per person and moment (`presentations.history`)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from presentations import clock
from presentations.conference_view import conference_view
from presentations.history import batches_of
from presentations.queries import LATEST, latest_changes


@require_GET
@conference_view
def changes(request, conference):
    rows = latest_changes(conference)
    context = {
        "conference": conference,
        "zone": clock.zone_label(conference),
        "batches": batches_of(rows),
        "capped": len(rows) == LATEST,
        "latest": LATEST,
    }
    return render(request, "presentations/changes.html", context)
