"""The My talks page: my interests by day with clashes marked, my calendar feed's links and settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from interests.clashes import find_clashes
from interests.feeds import FEED_NAME, feed_of
from interests.models import CalendarFeed, new_feed_token
from presentations import clock
from presentations.models import Conference, Presentation
from presentations.subscribe import qr_svg, subscribe_links
from security.compression import keep_uncompressed


class SeeOther(HttpResponseRedirect):
    # After a POST, the browser fetches the page again with GET.
    status_code = 303


class ReminderForm(forms.ModelForm):
    class Meta:
        model = CalendarFeed
        fields = ["reminder_minutes"]
        labels = {"reminder_minutes": "Reminder before each talk"}


@dataclass
class MarkedTalk:
    """A talk on the My talks page: its times in its conference's zone, and the marked talks it clashes with."""

    presentation: Presentation
    start: datetime | None
    end: datetime | None
    clashes: list[Presentation]


@dataclass
class MarkedDay:
    """One conference day of the My talks page (or that conference's untimed talks)."""

    conference: Conference
    day: date | None  # None: presentations the schedule gives no time (posters)
    entries: list[MarkedTalk] = field(default_factory=list)


def my_days(user) -> list[MarkedDay]:
    presentations = list(
        Presentation.objects.filter(interests__user=user).select_related("conference").in_schedule_order()
    )
    clashes = find_clashes(presentations)
    days: dict[tuple[int, date | None], MarkedDay] = {}
    for presentation in presentations:
        # A page of several conferences, each day in its own conference's zone.
        conference = presentation.conference
        start = clock.local(presentation.start, conference) if presentation.start else None
        end = clock.local(presentation.end, conference) if presentation.end else None
        key = (conference.pk, start.date() if start else None)
        day = days.setdefault(key, MarkedDay(conference=conference, day=key[1]))
        day.entries.append(MarkedTalk(presentation, start, end, clashes.get(presentation.pk, [])))
    # Timed days in order; each conference's untimed presentations after its days.
    return sorted(days.values(), key=_day_order)


def _day_order(day: MarkedDay):
    conference = day.conference
    return (conference.start_date or date.min, conference.pk, day.day is None, day.day or date.min)


def live_conference(days: list[MarkedDay]) -> str:
    """The conference whose socket the page opens: the latest one listed, else the latest there is.

    Any one socket brings all of the person's own changes (they travel on the person's stream); schedule
    changes and the snapshot come for that conference only.
    """
    if days:
        return days[-1].conference.slug
    latest = Conference.objects.order_by("-start_date", "-pk").values_list("slug", flat=True).first()
    return latest or ""


def feed_links(request, feed: CalendarFeed) -> dict[str, str]:
    return subscribe_links(request.build_absolute_uri(reverse("personal-feed", args=[feed.token])), FEED_NAME)


def _render_me(request, feed: CalendarFeed, form: ReminderForm, status: int = 200):
    links = feed_links(request, feed)
    days = my_days(request.user)
    context = {
        "days": days,
        "live_conference": live_conference(days),
        "links": links,
        # A phone's camera opens webcal:// in the calendar's subscribe dialog (iPhone, iPad).
        "qr": qr_svg(links["webcal"]),
        "reminder_form": form,
        "feed": feed,
    }
    return render(request, "interests/me.html", context, status=status)


@keep_uncompressed  # it shows the secret feed link (security/compression.py)
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def me(request):
    feed = feed_of(request.user)
    if request.method != "POST":
        return _render_me(request, feed, ReminderForm(instance=feed))
    form = ReminderForm(request.POST, instance=feed)
    if not form.is_valid():
        # Validation may have set the bad value on the instance: show the stored one.
        feed.refresh_from_db()
        return _render_me(request, feed, form, status=400)
    if form.has_changed():
        # A reminder that stays the same changes nothing, not even the feed's ETag.
        feed.reminder_changed = timezone.now()
        form.save()
    messages.success(request, f"Reminder saved: {feed.get_reminder_minutes_display().lower()}.")
    return SeeOther(reverse("me"))


@login_required
@require_POST
def rotate_feed(request):
    feed = feed_of(request.user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token", "updated"])
    messages.success(
        request, "Your calendar link was replaced. The old one no longer works: subscribe again with the new one."
    )
    return SeeOther(reverse("me"))
