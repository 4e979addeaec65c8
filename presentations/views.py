"""Pages and data of the schedule: the list, the room grid, one presentation."""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date, datetime, time

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from presentations import clock, page_cache
from presentations.agenda import agenda_of, fold_hours
from presentations.conference_view import conference_view
from presentations.feeds import conference_feed_path, feed_name, public_data, speaker_feed_name
from presentations.filters import GridFilterForm, ScheduleFilterForm, ScheduleFilters, day_shown
from presentations.grid import Grid, grid_of
from presentations.history import batches_of
from presentations.models import Conference, SpeakerBio
from presentations.queries import (
    conference_index,
    presentation_page,
    schedule_choices,
    schedule_of,
    schedule_page_of,
)
from presentations.serializers import JSON_FIELDS, conference_json, presentation_json
from presentations.speakers import speaker_presentations
from presentations.subscribe import subscribe_links


def home(request):
    """`/`: how to load a conference when there is none, the conference itself when there is one, else the
    list of conferences (on now and coming first, then past)."""
    index = conference_index(clock.now())
    if not index.all:
        return render(request, "presentations/empty.html")
    if len(index.all) == 1:
        return redirect("schedule", slug=index.all[0].slug)
    return render(request, "presentations/index.html", {"index": index})


@public_data
@conference_view
def schedule_json(request, conference: Conference):
    presentations = [presentation_json(p, conference) for p in schedule_of(conference).only(*JSON_FIELDS)]
    return JsonResponse(
        {"conference": conference_json(conference), "presentations": presentations},
        json_dumps_params={"ensure_ascii": False},
    )


# Above this many presentations the unfiltered list shows one day at a time.
LARGE_SCHEDULE = 300
# Above this many cards the list folds its hours, leaving open those from now on until about a screenful
# of cards shows (presentations/agenda.py): laying out all 433 cards of a FOSDEM day as the page opened
# held a phone's main thread for half a second (docs/benchmarks.md).
FOLD_HOURS_ABOVE = 250
OPEN_AT_LEAST = 20


@conference_view
def schedule(request, conference: Conference):
    return page_cache.page(
        request,
        conference,
        "presentations/schedule.html",
        lambda user: schedule_context(request, conference, user),
        shared=not ScheduleFilters.from_query(request.GET).mine,
    )


def schedule_context(request, conference: Conference, user) -> tuple[dict, list]:
    """The list page's context with `user`'s marks, and the presentations it shows."""
    choices = schedule_choices(conference)
    filters = ScheduleFilterForm(request.GET).to_filters()
    # The feed of exactly this view (before the one-day start below, which only keeps the page small); a
    # feed has no "mine" (presentations.feeds.feed_filters).
    shown_in_feed = replace(filters, mine=False)
    moment = clock.now()
    one_day = None
    if not filters.active and choices.total > LARGE_SCHEDULE and choices.days:
        # A FOSDEM-sized list is megabytes of cards: start from one day; any filter shows every day.
        one_day = day_shown("", choices.days, timezone.localdate(moment))
        filters = replace(filters, day=one_day)
    presentations = list(filters.apply(schedule_page_of(conference).with_marks(user), conference, user))
    agenda = agenda_of(presentations)
    if len(presentations) > FOLD_HOURS_ABOVE:
        fold_hours(agenda, moment, at_least=OPEN_AT_LEAST)
    context = {
        "conference": conference,
        "zone": clock.zone_label(conference),
        "filters": filters,
        "filters_form": page_cache.fragment(
            request, conference, "filters", lambda: filters_form(request, conference, filters, choices)
        ),
        "one_day": one_day,
        "choices": choices,
        "agenda": agenda,
        "shown": len(presentations),
        "happening": clock.now_and_next(presentations, moment) if clock.conference_is_on(conference, moment) else None,
        "subscribe": subscribe_links(
            request.build_absolute_uri(conference_feed_path(conference, shown_in_feed)),
            feed_name(conference, shown_in_feed),
        ),
        "subscribe_filtered": shown_in_feed.active,
    }
    return context, presentations


def filters_form(request, conference: Conference, filters, choices) -> str:
    context = {"conference": conference, "filters": filters, "form": ScheduleFilterForm(request.GET, choices=choices)}
    return render_to_string("presentations/_filters.html", context)


@conference_view
def grid(request, conference: Conference):
    return page_cache.page(
        request, conference, "presentations/grid.html", lambda user: grid_context(request, conference, user)
    )


def grid_context(request, conference: Conference, user) -> tuple[dict, list]:
    choices = schedule_choices(conference)
    moment = clock.now()
    tz = conference.tzinfo

    @functools.cache
    def whole_day(day: date) -> tuple[list, Grid]:
        presentations = list(schedule_page_of(conference).with_marks(user).on_day(day, tz))
        return presentations, grid_of(presentations, day, now=moment, room_order=conference.rooms)

    form = GridFilterForm(
        request.GET, days=choices.days, today=timezone.localdate(moment), rooms_on=lambda day: whole_day(day)[1].rooms
    )
    day, room = form.shown_day, form.shown_room
    presentations, day_grid = whole_day(day) if day else ([], None)
    if room:
        # One room (a phone's view): that room's column, with what runs across the venue at the time.
        day_grid = grid_of(presentations, day, now=moment, only_room=room)
    context = {
        "conference": conference,
        "zone": clock.zone_label(conference, _noon(day, conference) if day else None),
        "days": choices.days,
        "day": day,
        "grid": day_grid,
        "form": form,
        "room": room,
        "unknown_day": form.unknown_day,
    }
    return context, presentations


def talk(request, pk: int):
    conference = Conference.objects.filter(presentations=pk).first()
    if conference is None:
        raise Http404("No such presentation")
    # Found by the talk, not a slug, so not a `conference_view`: the conference's zone all the same.
    with timezone.override(conference.tzinfo):
        return page_cache.page(request, conference, "presentations/talk.html", talk_context_of(pk))


def talk_context_of(pk: int):
    """What the page cache asks of a talk page: user -> (context, shown)."""

    def context_of(user) -> tuple[dict, list]:
        presentation = presentation_page(pk, user)
        if presentation is None:  # deleted a moment ago
            raise Http404("No such presentation")
        changes = presentation.changes.select_related("run", "changed_by")
        return talk_context(presentation, changes), [presentation]

    return context_of


def talk_context(presentation, changes) -> dict:
    """What talk.html needs: the page here, and every talk page of a conference at once for offline use."""
    conference = presentation.conference
    return {
        "conference": conference,
        "zone": clock.zone_label(conference, presentation.start),
        "p": presentation,
        "talk_page": True,
        "history": batches_of(list(changes)),
    }


@conference_view
def speaker(request, conference: Conference, speaker: str):
    """`/<slug>/speakers/<name>/`: every presentation of one speaker in a conference."""

    def context_of(user) -> tuple[dict, list]:
        names, ids = speaker_presentations(conference, speaker)
        if not names:
            raise Http404("No such speaker in this conference")
        presentations = list(schedule_page_of(conference).with_marks(user).filter(pk__in=ids))
        context = {
            "conference": conference,
            "zone": clock.zone_label(conference),
            "names": names,
            "bios": speaker_bios(conference, names),
            "agenda": agenda_of(presentations),
            "shown": len(presentations),
            "subscribe": subscribe_links(
                request.build_absolute_uri(reverse("speaker-feed", args=[conference.slug, speaker])),
                speaker_feed_name(conference, names),
            ),
            "subscribe_what": "this speaker’s talks",
        }
        return context, presentations

    return page_cache.page(request, conference, "presentations/speaker.html", context_of)


def speaker_bios(conference: Conference, names: list[str]) -> list[tuple[str, str]]:
    """(name, bio) for each of `names` whose bio a source gave, in the order of `names`."""
    bios = dict(SpeakerBio.objects.filter(conference=conference, name__in=names).values_list("name", "bio"))
    return [(name, bios[name]) for name in names if bios.get(name)]


def _noon(day: date, conference: Conference) -> datetime:
    return datetime.combine(day, time(12), tzinfo=conference.tzinfo)
