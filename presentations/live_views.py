"""`/talks/<id>/card.json`, which an open list or grid page fetches when the socket says a presentation
changed (docs/live.md, "Schedule changes")."""

from __future__ import annotations

from datetime import date

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from presentations import clock
from presentations.agenda import Day, Slot
from presentations.filters import ScheduleFilters
from presentations.grid import grid_of
from presentations.labels import clock_time
from presentations.links import on_this_site
from presentations.models import Conference, holds_day
from presentations.queries import schedule_page_of
from presentations.sentences import notice_of

VIEWS = ("list", "grid")


@never_cache
@require_GET
def card(request, pk: int):
    """What a live page needs after presentation `pk` changed, as JSON:

    `marked` (the visitor has it in their calendar), `notice` (one sentence naming the change, for them),
    and with `view=list` its card and where it now goes, or with `view=grid` the whole grid of `day`
    (a move can change the grid's rooms and rows, so the grid is redrawn, never patched).
    `changed` names the fields the socket reported, `page` the path of the page asking (for the card's
    form to come back to); the list's filters come along as they are on the page.
    """
    conference = get_object_or_404(Conference.objects.filter(presentations=pk))
    presentation = schedule_page_of(conference).with_marks(request.user).filter(pk=pk).first()
    if presentation is None:
        raise Http404("No such presentation")
    # Found by the talk, not a slug, so not a `conference_view`: the conference's zone all the same.
    with timezone.override(conference.tzinfo):
        answer = _answer(request, conference, presentation)
    return JsonResponse(answer, json_dumps_params={"ensure_ascii": False})


def _answer(request, conference: Conference, presentation) -> dict:
    changed = [name for name in request.GET.get("changed", "").split(",") if name]
    answer = {
        "presentation": presentation.pk,
        "marked": presentation.marked,
        "notice": notice_of(presentation, changed),
    }
    view = request.GET.get("view", "")
    if view == "list":
        answer["list"] = _list_card(request, conference, presentation)
    elif view == "grid":
        answer["grid"] = _grid(request, conference, presentation)
    return answer


def _back(request, conference: Conference) -> str:
    # The card's form's `next`: the page that asked, when it is one of this site.
    return on_this_site(request, request.GET.get("page", ""), reverse("schedule", args=[conference.slug]))


def _list_card(request, conference: Conference, presentation) -> dict:
    filters = ScheduleFilters.from_query(request.GET)
    shown = filters.apply(schedule_page_of(conference), conference, request.user).filter(pk=presentation.pk).exists()
    html = render_to_string(
        "presentations/_cards.html",
        {"cards": [presentation], "conference": conference, "back": _back(request, conference)},
        request=request,
    )
    answer = {"shown": shown, "html": html.strip(), "day": None, "slot": None}
    if presentation.start:
        start = timezone.localtime(presentation.start)
        slot = Slot(start)
        answer["day"] = {"anchor": Day(start.date()).anchor, "heading": f"{start:%A, %B} {start.day}"}
        answer["slot"] = {"anchor": slot.anchor, "start": start.isoformat(), "label": clock_time(start)}
    return answer


def _grid(request, conference: Conference, presentation) -> dict:
    day = _day(request.GET.get("day", "")) or (timezone.localdate(presentation.start) if presentation.start else None)
    if day is None:
        return {"day": None, "html": ""}
    on_day = list(schedule_page_of(conference).with_marks(request.user).on_day(day, conference.tzinfo))
    grid = grid_of(on_day, day, now=clock.now(), room_order=conference.rooms)
    context = {"grid": grid, "day": day, "back": _back_to_grid(request, conference, day)}
    html = render_to_string("presentations/_grid.html", context, request=request)
    return {"day": day.isoformat(), "html": html.strip()}


def _back_to_grid(request, conference: Conference, day: date) -> str:
    """Where the redrawn grid's stars and sign-in links come back to: the page that asked, else that day."""
    if request.GET.get("page", ""):
        return _back(request, conference)
    return f"{reverse('grid', args=[conference.slug])}?day={day.isoformat()}"


def _day(value: str) -> date | None:
    """The asked-for day, or None (the presentation's own day) for one that is not a usable date."""
    try:
        day = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None
    return day if day and holds_day(day) else None
