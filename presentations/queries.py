"""Queries that pages, feeds and the JSON share, with their joins preloaded: no query per talk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Prefetch

from presentations import clock, page_store
from presentations.models import Conference, Presentation, PresentationQuerySet, ScheduleChange


def current_conference() -> Conference | None:
    """The conference a visitor most likely wants: the latest by start date."""
    return Conference.objects.order_by("-start_date", "-pk").first()


@dataclass(frozen=True)
class ConferenceIndex:
    """Every conference, for `/` and the header's switcher: those on or still to come first (soonest
    first), then past ones (latest first)."""

    coming: tuple[Conference, ...]
    past: tuple[Conference, ...]

    @property
    def all(self) -> tuple[Conference, ...]:
        return self.coming + self.past


def conference_index(moment: datetime) -> ConferenceIndex:
    conferences = Conference.objects.annotate(presentation_total=Count("presentations")).order_by("start_date", "pk")
    coming, past = [], []
    for conference in conferences:
        today = clock.local(moment, conference).date()  # each conference in its own zone
        last_day = conference.end_date or conference.start_date
        (past if last_day and last_day < today else coming).append(conference)
    return ConferenceIndex(coming=tuple(coming), past=tuple(reversed(past)))


def switchable_conferences() -> list[tuple[str, str]]:
    """(slug, name) of every conference, latest first: what the header's switcher lists."""
    return list(Conference.objects.order_by("-start_date", "-pk").values_list("slug", "name"))


def schedule_of(conference: Conference) -> PresentationQuerySet:
    return Presentation.objects.of(conference).with_interest_count().in_schedule_order()


def schedule_page_of(conference: Conference) -> PresentationQuerySet:
    """`schedule_of` without the texts that list and grid pages never show (the list shows the description as
    `description_html`), knowing what moved."""
    return schedule_of(conference).defer("abstract", "description", "search_text").with_original_place()


def presentation_page(pk: int, user) -> Presentation | None:
    """One presentation with what its page shows: counts, first place, and whether `user` marked it."""
    return (
        Presentation.objects.with_interest_count()
        .with_original_place()
        .with_marks(user)
        .select_related("conference")
        .filter(pk=pk)
        .first()
    )


def talk_pages_of(conference: Conference) -> PresentationQuerySet:
    """Every presentation of `conference` with what its page shows (counts, first place, history)."""
    changes = ScheduleChange.objects.select_related("run", "changed_by")
    return (
        schedule_of(conference)
        .with_original_place()
        .select_related("conference")
        .prefetch_related(Prefetch("changes", queryset=changes))
    )


# The changes page shows this many change rows at most, newest first: a conference rarely has more, and
# the page must stay one query however long the history grows.
LATEST = 200


def latest_changes(conference: Conference, limit: int = LATEST) -> list[ScheduleChange]:
    """The newest `limit` change rows of `conference`, with their talk, run and editor, in one query."""
    return list(
        ScheduleChange.objects.filter(presentation__conference=conference)
        .select_related("presentation", "run", "changed_by")
        .defer("presentation__abstract", "presentation__description", "changed_by__email")
        .order_by("-at", "-pk")[:limit]
    )


def interested_ids(user, conference: Conference) -> frozenset[int]:
    """Ids of the presentations `user` marked in `conference`, in one query (none for a visitor)."""
    if not user.is_authenticated:
        return frozenset()
    rows = user.interests.filter(presentation__conference=conference).values_list("presentation_id", flat=True)
    return frozenset(rows)


@dataclass(frozen=True)
class ScheduleChoices:
    """What the filters can offer, taken from the conference's own data."""

    total: int
    days: tuple[date, ...]
    kinds: tuple[str, ...]
    categories: tuple[str, ...]
    audiences: tuple[str, ...]
    durations: tuple[int, ...]
    rooms: tuple[str, ...]


def schedule_choices(conference: Conference) -> ScheduleChoices:
    """Every filter's choices and the number of presentations, from one query, kept per schedule version:
    what they are read from changes only with it (presentations/schedule_version.py). PAGE_CACHE=0 reads
    them afresh every time, as it renders every page afresh."""
    key = (conference.pk, conference.created, conference.schedule_version, conference.timezone)
    if not settings.PAGE_CACHE:
        return _choices_of.__wrapped__(*key, page_store.generation())
    return _choices_of(*key, page_store.generation())


@lru_cache(maxsize=64)
def _choices_of(pk: int, created, version: int, zone: str, generation: int) -> ScheduleChoices:
    # `created` tells a conference from another with its id and version in a database made anew (tests).
    tz = ZoneInfo(zone)
    rows = list(
        Presentation.objects.filter(conference_id=pk)
        .order_by("start", "pk")
        .values_list("kind", "category", "audience", "room", "start", "end")
    )
    timed = [(clock.local(start, tz), end) for *_, start, end in rows if start]
    return ScheduleChoices(
        total=len(rows),
        days=tuple(sorted({start.date() for start, _ in timed})),
        kinds=_distinct(row[0] for row in rows),
        categories=_distinct(row[1] for row in rows),
        audiences=_distinct(row[2] for row in rows),
        durations=tuple(sorted({int((end - start).total_seconds() // 60) for start, end in timed if end})),
        # Rooms in order of first appearance, the way the conference itself lists them.
        rooms=tuple(dict.fromkeys(row[3] for row in rows if row[3])),
    )


def _distinct(values) -> tuple[str, ...]:
    return tuple(sorted({value for value in values if value}, key=str.casefold))
