"""What each user marked, and each user's secret calendar feed."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


class Interest(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interests")
    # PROTECT: nothing a user saved may vanish; presentations are cancelled, never deleted, by imports.
    presentation = models.ForeignKey("presentations.Presentation", on_delete=models.PROTECT, related_name="interests")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["presentation__start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "presentation"], name="one_interest_per_user_and_presentation")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.presentation}"


def new_feed_token() -> str:
    # 32 bytes = 256 bits, URL-safe.
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    class Reminder(models.IntegerChoices):
        NONE = 0, "No reminder"
        FIVE = 5, "5 minutes before"
        TEN = 10, "10 minutes before"
        FIFTEEN = 15, "15 minutes before"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    reminder_minutes = models.PositiveSmallIntegerField(choices=Reminder.choices, default=Reminder.NONE)
    # When the reminder last changed: every event's DTSTAMP moves to it, so apps see their alarms changed.
    reminder_changed = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
