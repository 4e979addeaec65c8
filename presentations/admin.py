"""Staff manage conferences and presentations here; an edit of time, room, title or status is recorded
and pushed live like a scraped change."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, F
from django.utils import timezone

from presentations import clock
from presentations.changes import LIVE_FIELDS, diff, record_changes, sequence_after
from presentations.models import Conference, ImportRun, Presentation, ScheduleChange

admin.site.login_template = "admin/sign_in.html"
admin.site.site_header = "PyCon Guide"

# Django 6 makes https the default for scheme-less URLs; say so now rather than warn on every form.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
TRACKED_FIELDS = (*LIVE_FIELDS, "speakers", "kind", "category", "audience", "description", "abstract", "url")


class DayFilter(admin.SimpleListFilter):
    title = "day"
    parameter_name = "day"

    def lookups(self, request, model_admin):
        days = set()
        for conference in Conference.objects.all():
            tz = conference.tzinfo
            for start in Presentation.objects.of(conference).timed().values_list("start", flat=True):
                days.add(clock.local(start, tz).date())
        return [(day.isoformat(), day.strftime("%a %b %-d, %Y")) for day in sorted(days)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        from datetime import date

        day = date.fromisoformat(self.value())
        ids = [
            p.pk
            for p in queryset.select_related("conference").filter(
                start__date__gte=day - timedelta(days=1), start__date__lte=day + timedelta(days=1)
            )
            if clock.local(p.start, p.conference).date() == day
        ]
        return queryset.filter(pk__in=ids)


class DurationFilter(admin.SimpleListFilter):
    title = "duration"
    parameter_name = "duration"

    def lookups(self, request, model_admin):
        durations = (
            Presentation.objects.timed()
            .exclude(end=None)
            .annotate(length=F("end") - F("start"))
            .values_list("length", flat=True)
            .distinct()
        )
        minutes = sorted({int(d.total_seconds() // 60) for d in durations})
        return [(str(m), f"{m} min") for m in minutes]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.lasting(int(self.value()))


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "timezone", "start_date", "end_date", "presentation_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = URL_FIELDS

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(presentation_total=Count("presentations"))

    @admin.display(description="presentations", ordering="presentation_total")
    def presentation_count(self, obj):
        return obj.presentation_total


class PlainLinesField(forms.CharField):
    """Text with the line ends a browser sends (\r\n) made plain (\n), before any comparison."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class PresentationForm(forms.ModelForm):
    """Speakers as lines of text, not JSON; descriptions with plain line ends, so that saving an unchanged
    form changes nothing (`has_changed()` is False and no change is recorded)."""

    speakers = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One name a line, in the order the conference gives them.",
    )
    url = forms.URLField(required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Presentation
        fields = [
            "conference", "kind", "title", "speakers", "category", "audience", "room", "start", "end",
            "description", "abstract", "url", "language", "recorded", "status",
        ]  # fmt: skip
        field_classes = {"description": PlainLinesField, "abstract": PlainLinesField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["speakers"] = "\n".join(self.instance.speakers or [])

    def clean_speakers(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["speakers"].splitlines() if name.strip()]


def _zone_of(request, obj) -> str | None:
    """The zone a presentation's times are shown and typed in: its conference's (or, adding one, the
    conference named by ?conference=, or the only one there is)."""
    if obj is not None:
        return obj.conference.timezone
    conference = request.GET.get("conference", "")
    if conference.isdigit():
        return Conference.objects.filter(pk=int(conference)).values_list("timezone", flat=True).first()
    zones = list(Conference.objects.values_list("timezone", flat=True)[:2])
    return zones[0] if len(zones) == 1 else None


@admin.register(Presentation)
class PresentationAdmin(admin.ModelAdmin):
    form = PresentationForm
    list_display = [
        "title",
        "speaker_names",
        "kind",
        "when",
        "room",
        "category",
        "audience",
        "status",
        "interest_count",
    ]
    list_filter = ["conference", "kind", DayFilter, "category", "audience", DurationFilter, "room", "status"]
    search_fields = ["title", "speaker_names", "source_id"]
    list_select_related = ["conference"]
    readonly_fields = ["source_id", "sequence", "created", "updated"]
    list_per_page = 50
    formfield_overrides = URL_FIELDS

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(interest_total=Count("interests"))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Shown and typed in the conference's own zone, as the schedule prints it; Django's date-time
        # fields convert through the active zone.
        obj = self.get_object(request, object_id) if object_id else None
        zone = _zone_of(request, obj)
        if zone is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # A TemplateResponse renders later, outside this block: render it in the zone.
            return response.render() if hasattr(response, "render") else response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        zone = _zone_of(request, obj)
        label = f"In the conference's time zone, {zone}." if zone else f"In {timezone.get_current_timezone_name()}."
        for name in ("start", "end"):
            if name in form.base_fields:
                form.base_fields[name].help_text = label
        return form

    @admin.display(description="when (conference time)", ordering="start")
    def when(self, obj):
        if not obj.start:
            return "—"
        start = clock.local(obj.start, obj.conference)
        end = clock.local(obj.end, obj.conference).strftime("–%H:%M") if obj.end else ""
        return f"{start:%a %b %-d %H:%M}{end}"

    @admin.display(description="interested", ordering="interest_total")
    def interest_count(self, obj):
        return obj.interest_total

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            # Saving an unchanged form must not move `updated`: the feeds' DTSTAMP, LAST-MODIFIED and ETag
            # come from it, and every subscribed app would fetch a feed that says nothing new.
            return
        if not change:
            super().save_model(request, obj, form, change)
            return
        stored = Presentation.objects.get(pk=obj.pk)
        changed = diff(stored, {name: getattr(obj, name) for name in TRACKED_FIELDS})
        obj.sequence = sequence_after(stored.sequence, changed)
        super().save_model(request, obj, form, change)
        if changed:
            record_changes(obj, changed, user=request.user)


@admin.register(ScheduleChange)
class ScheduleChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "presentation", "field", "old", "new", "run", "changed_by"]
    list_filter = ["field", "presentation__conference"]
    list_select_related = ["presentation", "run", "changed_by"]
    search_fields = ["presentation__title"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["conference", "source", "started", "created_count", "updated_count", "cancelled_count"]
    list_filter = ["conference"]
