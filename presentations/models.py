"""Conferences, their presentations, and the record of what each schedule change did."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Subquery, Value
from django.utils.timezone import now

from presentations.description_html import description_html_of
from presentations.fingerprint import SOURCE_FIELDS, fingerprint_of
from presentations.search import fold, search_text_of

# The days whose every moment exists in any time zone: a day at the very edge of Python's dates cannot be
# turned into UTC (OverflowError in SQLite's adapter). No conference is held there.
FIRST_DAY = date(1, 1, 2)
LAST_DAY = date(9999, 12, 30)


def holds_day(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


class Conference(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    timezone = models.CharField(max_length=64, help_text="IANA name, e.g. America/Los_Angeles")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    source_url = models.URLField(max_length=500, blank=True, help_text="Where the schedule was read from")
    rooms = models.JSONField(default=list, blank=True, help_text="The source's rooms, in its order")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Grows with every change to what the conference's pages show, in the changing transaction: the page
    # cache keys its copies on it (presentations/page_cache.py), the exports and feeds their validators;
    # schedule_changed is when it last grew (their Last-Modified).
    schedule_version = models.PositiveBigIntegerField(default=0, editable=False)
    schedule_changed = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["-start_date", "slug"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Only schedule_version.bump writes the version (UPDATE … + 1) and its time: a save of an instance read
        # before a bump must not put the older ones back, or caches would serve copies of that older schedule.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in {"schedule_version", "schedule_changed"}
            ]
        super().save(*args, **kwargs)

    @property
    def tzinfo(self):
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.timezone)


class PresentationQuerySet(models.QuerySet):
    def of(self, conference: Conference) -> PresentationQuerySet:
        return self.filter(conference=conference)

    def timed(self) -> PresentationQuerySet:
        return self.filter(start__isnull=False)

    def on_day(self, day: date, tz) -> PresentationQuerySet:
        if not holds_day(day):
            return self.none()
        start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
        end = datetime.combine(day, datetime.max.time(), tzinfo=tz)
        return self.filter(start__gte=start, start__lte=end)

    def lasting(self, minutes: int) -> PresentationQuerySet:
        from datetime import timedelta

        return self.alias(length=F("end") - F("start")).filter(length=timedelta(minutes=minutes))

    def matching(self, text: str) -> PresentationQuerySet:
        """Title, speakers or description contain `text`, whatever the accents and case (presentations.search)."""
        folded = fold(text)
        if not folded:
            return self
        return self.filter(search_text__contains=folded)

    def interesting_to(self, user) -> PresentationQuerySet:
        # A subquery, not a join: a join would also narrow `with_interest_count` to this one user.
        return self.filter(pk__in=user.interests.values("presentation"))

    def with_marks(self, user) -> PresentationQuerySet:
        """Annotates `marked`: whether `user` has the presentation in their calendar (never, for a visitor)."""
        if not user.is_authenticated:
            return self.annotate(marked=Value(False, output_field=models.BooleanField()))
        return self.annotate(marked=Exists(user.interests.filter(presentation=OuterRef("pk"))))

    def with_interest_count(self) -> PresentationQuerySet:
        return self.annotate(interest_total=Count("interests", distinct=True))

    def with_original_place(self) -> PresentationQuerySet:
        """Annotates `original_start`, `original_end`, `original_room`: the values before the first recorded
        change of each (None when it never changed), so `is_moved` needs no query per presentation."""

        def first_old(field: str) -> Subquery:
            first = ScheduleChange.objects.filter(presentation=OuterRef("pk"), field=field).order_by("at", "pk")
            return Subquery(first.values("old")[:1], output_field=models.JSONField())

        return self.annotate(
            original_start=first_old("start"), original_end=first_old("end"), original_room=first_old("room")
        )

    def in_schedule_order(self) -> PresentationQuerySet:
        return self.order_by(F("start").asc(nulls_last=True), "room", "title", "pk")


# The fields `Presentation.fill_derived` makes, each with those it makes it from; the fingerprint is made
# from every field a source gives (presentations.fingerprint).
DERIVED = {
    "speaker_names": frozenset({"speakers"}),
    "search_text": frozenset({"title", "speakers", "description"}),
    "description_html": frozenset({"description"}),
    "fingerprint": frozenset(SOURCE_FIELDS),
}


class Presentation(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled"
        CANCELLED = "cancelled"

    # Kinds that are not talks anyone "attends by choice": kept for the grid, not for interest.
    NON_INTEREST_KINDS = frozenset({"break", "lunch", "breakfast", "meal", "informational"})

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="presentations")
    source_id = models.CharField(max_length=100, help_text="The source site's own id")
    kind = models.CharField(max_length=50, db_index=True)
    title = models.CharField(max_length=500)
    speakers = models.JSONField(default=list, blank=True, help_text="Names, in the source's order")
    # Denormalised copy of `speakers` for search: JSON text escapes non-ASCII names on some databases.
    speaker_names = models.CharField(max_length=1000, blank=True, editable=False)
    # Title, speakers and description without accents or case, for search (presentations.search).
    search_text = models.TextField(blank=True, editable=False)
    category = models.CharField(max_length=200, blank=True)
    audience = models.CharField(max_length=100, blank=True)
    room = models.CharField(max_length=200, blank=True)
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    description = models.TextField(blank=True)
    # The description as the list shows it (paragraphs, escaped), made once when it is saved: turning
    # every description into HTML on every view of the list cost it a twentieth of its time.
    description_html = models.TextField(blank=True, editable=False)
    abstract = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    language = models.CharField(max_length=20, blank=True)
    # None: the source does not say whether the talk will be recorded.
    recorded = models.BooleanField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    # iCalendar SEQUENCE: grows whenever time, room or status changes.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # The digest of the fields a source gives, made on every save: an import compares it first.
    fingerprint = models.CharField(max_length=32, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = PresentationQuerySet.as_manager()

    class Meta:
        ordering = ["start", "room", "title"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "source_id"], name="unique_source_id_per_conference")
        ]
        indexes = [models.Index(fields=["conference", "start"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # A save of some fields (`update_fields`) remakes, and writes, only the copies made from them.
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.fill_derived()
        else:
            update_fields = set(update_fields)
            kwargs["update_fields"] = update_fields | self.fill_derived(changed=update_fields)
        super().save(*args, **kwargs)

    def fill_derived(self, *, changed: Collection[str] | None = None) -> set[str]:
        """The copies made from the source's fields (search text, HTML, fingerprint): all of them, or only
        those made from a field in `changed`. Returns their names. `save()` calls it, `bulk_create` callers
        must."""
        stale = {name for name, sources in DERIVED.items() if changed is None or not sources.isdisjoint(changed)}
        if "speaker_names" in stale:
            self.speaker_names = ", ".join(self.speakers or [])
        if "search_text" in stale:
            self.search_text = search_text_of(
                title=self.title, speakers=self.speakers or [], description=self.description
            )
        if "description_html" in stale:
            self.description_html = description_html_of(self.description)
        if "fingerprint" in stale:
            self.fingerprint = fingerprint_of({name: getattr(self, name) for name in SOURCE_FIELDS})
        return stale

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def accepts_interest(self) -> bool:
        return self.kind not in self.NON_INTEREST_KINDS

    @property
    def is_moved(self) -> bool:
        """Its time or room is not what it was when first published (needs `with_original_place()`).

        A talk that moved and then moved back is not "moved"; one that only gained a time or a room is
        not either: nobody had a place to go to before."""
        original_start = getattr(self, "original_start", None)
        original_end = getattr(self, "original_end", None)
        original_room = getattr(self, "original_room", None)
        return (
            bool(original_start and self.start != datetime.fromisoformat(original_start))
            or bool(original_end and self.end != datetime.fromisoformat(original_end))
            or bool(original_room and self.room != original_room)
        )

    @property
    def duration_minutes(self) -> int | None:
        if self.start and self.end:
            return int((self.end - self.start).total_seconds() // 60)
        return None


class SpeakerBio(models.Model):
    """What a source says about one speaker of a conference. Speakers have no table of their own (a name in
    `Presentation.speakers` is a speaker, presentations.speakers): the bio is kept under that name."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="speaker_bios")
    name = models.CharField(max_length=300)
    bio = models.TextField(help_text="Plain text, paragraphs separated by blank lines")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conference", "name"], name="one_bio_per_speaker")]

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    """One run of `scrape` or `import_schedule` that wrote to the database."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="import_runs")
    source = models.CharField(max_length=500)
    started = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    cancelled_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    failures = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started"]

    def __str__(self) -> str:
        return f"{self.conference.slug} import at {self.started:%Y-%m-%d %H:%M}"


class ScheduleChange(models.Model):
    """One field of one presentation changed: by a scrape (`run`) or by a person (`changed_by`)."""

    presentation = models.ForeignKey(Presentation, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=50)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)
    run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.presentation}: {self.field} {self.old!r} → {self.new!r}"
