"""The schedule's filters, read from the query string: shareable URLs, and bad values ignored out loud.

`ScheduleFilterForm` is the Django form the list renders and reads; `ScheduleFilters.from_query(request.GET)`
turns what it validated into a plain value that never raises: a value it cannot use is dropped and named in
`notes`, so a mistyped link still shows a schedule instead of an error page. `GridFilterForm` is the grid's
day and room, read the same way; `day_shown` is which day a page of one day starts from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.dateformat import format as date_format

from presentations.labels import kind_label, level_label, minutes_label
from presentations.models import Conference, PresentationQuerySet, holds_day

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# A day is 1,440 minutes; anything longer is a typo, and a huge number would overflow timedelta.
LONGEST_MINUTES = 24 * 60
LONGEST_SEARCH = 200
# The select filters, with what their empty choice says.
SELECTS = {
    "day": "Any day",
    "kind": "Any kind",
    "category": "Any category",
    "audience": "Any level",
    "duration": "Any length",
    "room": "Any room",
}
# The selects whose value filters as given, whether or not the conference has it (a day or a length that
# is not one is dropped with a note instead), and how their values read.
KEPT_AS_GIVEN = ("kind", "category", "audience", "room")
LABELS = {"kind": kind_label, "audience": level_label}


class FilterText(forms.CharField):
    def to_python(self, value) -> str:
        # PostgreSQL refuses NUL characters in a query; nobody types them on purpose.
        return super().to_python(value).replace("\x00", "").strip()


class QuickSelect(forms.Select):
    """Django's `Select`, rendered from one template instead of an include per option (see the template)."""

    template_name = "presentations/widgets/select.html"


class SiteRenderedForm(forms.Form):
    """A form rendered with the site's template engine (templates/ and every app's, "django.forms" included),
    which finds QuickSelect's template; Django's default form renderer looks in apps only."""

    default_renderer = TemplatesSetting


class ScheduleFilterForm(SiteRenderedForm):
    """The list's filters. Built with the conference's `choices`, its selects offer only what exists, and a
    select with nothing to choose (fewer than two values, none in use) is left out of `shown_fields`."""

    q = FilterText(
        label="Search",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Title, speaker, description"}),
    )
    day = FilterText(label="Day", required=False, widget=QuickSelect)
    kind = FilterText(label="Kind", required=False, widget=QuickSelect)
    category = FilterText(label="Category", required=False, widget=QuickSelect)
    audience = FilterText(label="Audience", required=False, widget=QuickSelect)
    duration = FilterText(label="Length", required=False, widget=QuickSelect)
    room = FilterText(label="Room", required=False, widget=QuickSelect)
    mine = forms.BooleanField(label="Only my talks", required=False, widget=forms.CheckboxInput(attrs={"value": "1"}))

    def __init__(self, data=None, *, choices=None, **kwargs):
        kwargs.setdefault("auto_id", "f-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)
        self.hidden_selects: set[str] = set()
        if choices is not None:
            self._offer(choices)

    def _offer(self, choices) -> None:
        offered = {
            "day": [(day.isoformat(), date_format(day, "D, M j")) for day in choices.days],
            "kind": [(kind, kind_label(kind)) for kind in choices.kinds],
            "category": [(category, category) for category in choices.categories],
            "audience": [(audience, level_label(audience)) for audience in choices.audiences],
            "duration": [(str(minutes), minutes_label(minutes)) for minutes in choices.durations],
            "room": [(room, room) for room in choices.rooms],
        }
        for name, options in offered.items():
            in_use = bool(self.data.get(name, "")) if self.is_bound else False
            value = self.fields[name].to_python(self.data.get(name, "")) if in_use else ""
            if value and name in KEPT_AS_GIVEN and value not in dict(options):
                # A value this conference lacks still filters the list (a link made for another one):
                # the select shows it, so that nobody sees "Any kind" above a list it empties.
                options = [*options, (value, LABELS.get(name, str)(value))]
            self.fields[name].widget.choices = [("", SELECTS[name]), *options]
            if len(options) < 2 and not in_use:
                self.hidden_selects.add(name)

    @property
    def shown_fields(self):
        return [bound for bound in self if bound.name not in self.hidden_selects]

    def clean_q(self) -> str:
        return self.cleaned_data["q"][:LONGEST_SEARCH]

    def clean_day(self) -> date | None:
        value = self.cleaned_data["day"]
        if not value:
            return None
        try:
            if not ISO_DAY.fullmatch(value):
                raise ValueError(value)
            day = date.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError(f"Ignored the day “{value}”: give a date as YYYY-MM-DD.") from None
        if not holds_day(day):
            raise forms.ValidationError(f"Ignored the day “{value}”: no schedule reaches that far.")
        return day

    def clean_duration(self) -> int | None:
        value = self.cleaned_data["duration"]
        if not value:
            return None
        if value.isascii() and value.isdigit() and 0 < int(value) <= LONGEST_MINUTES:
            return int(value)
        raise forms.ValidationError(f"Ignored the duration “{value}”: give a number of minutes.")

    def to_filters(self) -> ScheduleFilters:
        """What validated, as `ScheduleFilters`; each field that did not becomes a note."""
        self.is_valid()
        values = {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}
        notes = tuple(str(error) for errors in self.errors.values() for error in errors)
        return ScheduleFilters(**values, notes=notes)


@dataclass(frozen=True)
class ScheduleFilters:
    day: date | None = None
    kind: str = ""
    category: str = ""
    audience: str = ""
    duration: int | None = None
    room: str = ""
    q: str = ""
    mine: bool = False
    notes: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_query(cls, query) -> ScheduleFilters:
        # No parameter, no filter (and no note): what the form would say, without making one (most feeds).
        return ScheduleFilterForm(query).to_filters() if query else cls()

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) not in (None, "", False) for f in fields(self) if f.name != "notes")

    @property
    def only_mine(self) -> bool:
        return self.mine and not replace(self, mine=False).active

    def apply(self, presentations: PresentationQuerySet, conference: Conference, user) -> PresentationQuerySet:
        """`presentations` narrowed by every filter given; `mine` only counts for a signed-in user."""
        if self.day:
            presentations = presentations.on_day(self.day, conference.tzinfo)
        for name in ("kind", "category", "audience", "room"):
            if value := getattr(self, name):
                presentations = presentations.filter(**{name: value})
        if self.duration is not None:
            presentations = presentations.lasting(self.duration)
        if self.q:
            presentations = presentations.matching(self.q)
        if self.mine and user.is_authenticated:
            presentations = presentations.interesting_to(user)
        return presentations

    def query_string(self) -> str:
        """The filters as a query string, empty ones left out: for links that keep the current view."""
        pairs = {
            "day": self.day.isoformat() if self.day else "",
            "kind": self.kind,
            "category": self.category,
            "audience": self.audience,
            "duration": "" if self.duration is None else str(self.duration),
            "room": self.room,
            "q": self.q,
            "mine": "1" if self.mine else "",
        }
        return urlencode({name: value for name, value in pairs.items() if value})


def day_shown(value: str, days: tuple[date, ...], today: date) -> date | None:
    """The asked-for day if the conference has it; else `today` (the date in the conference's zone) during
    the conference; else the first day."""
    by_name = {day.isoformat(): day for day in days}
    if value in by_name:
        return by_name[value]
    if today in days:
        return today
    return days[0] if days else None


class GridFilterForm(SiteRenderedForm):
    """The grid's day and room. The day is always one the conference has (`day_shown`; `unknown_day` says
    when the asked one was not); the room must be a column of that day's grid, which `rooms_on(day)` gives,
    and a grid of one column offers none. A room that does not fit is ignored: `shown_room` is then ""."""

    # A plain Field: taken as given (no stripping, no refusal of NUL), since any value falls back to a day.
    day = forms.Field(required=False)
    room = forms.ChoiceField(label="Room", required=False, choices=[("", "Every room")], widget=QuickSelect)

    def __init__(self, data, *, days: tuple[date, ...], today: date, rooms_on: Callable[[date], tuple[str, ...]]):
        super().__init__(data, auto_id="g-%s", label_suffix="")
        self.days, self.today, self.rooms_on = days, today, rooms_on
        self.unknown_day = False

    def clean_day(self) -> date | None:
        value = self.cleaned_data["day"] or ""
        day = day_shown(value, self.days, self.today)
        self.unknown_day = day is not None and value not in ("", day.isoformat())
        # Fields are cleaned in order: the room's choices are this day's columns by the time it is checked.
        rooms = self.rooms_on(day) if day else ()
        if len(rooms) > 1:
            self.fields["room"].choices = [("", "Every room"), *((room, room) for room in rooms)]
        return day

    @property
    def offers_rooms(self) -> bool:
        return len(self.fields["room"].choices) > 1

    @property
    def shown_day(self) -> date | None:
        self.is_valid()
        return self.cleaned_data["day"]

    @property
    def shown_room(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("room", "")
