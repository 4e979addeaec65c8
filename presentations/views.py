"""Pages and data of the schedule."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from presentations.models import Conference
from presentations.queries import current_conference, marked_by, schedule_of
from presentations.serializers import conference_json, presentation_json


def home(request):
    conference = current_conference()
    if conference is None:
        return render(request, "presentations/empty.html")
    return redirect("schedule", slug=conference.slug)


def schedule_json(request, slug: str):
    conference = get_object_or_404(Conference, slug=slug)
    presentations = [presentation_json(p, conference, request) for p in schedule_of(conference)]
    return JsonResponse(
        {"conference": conference_json(conference), "presentations": presentations},
        json_dumps_params={"ensure_ascii": False},
    )


def schedule(request, slug: str):
    conference = get_object_or_404(Conference, slug=slug)
    tz = conference.tzinfo
    days: dict = {}
    for presentation in schedule_of(conference):
        start = presentation.start.astimezone(tz) if presentation.start else None
        day = start.date() if start else None
        days.setdefault(day, {}).setdefault(start, []).append(presentation)
    mine = marked_by(request.user, conference)
    return render(request, "presentations/schedule.html", {"conference": conference, "days": days, "mine": mine})
