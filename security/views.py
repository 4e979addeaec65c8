"""The answers of the sign-in throttle (django-axes calls the first two, named in settings) and of sign-up's."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from security.middleware import refusal, wants_json


def client_address(request) -> str | None:
    # security/asgi.py has already put the real client's address here, behind a proxy or not.
    return request.META.get("REMOTE_ADDR")


def locked_out(request, *args):
    """429 for a sign-in refused because its username or address failed too often.

    axes passes (request, response, credentials) on its sync path and (request, credentials) on its async
    one; neither is needed here.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    detail = (
        f"Too many failed sign-ins for this username or from this address. "
        f"Sign-in is paused for {minutes} minutes; try again after that."
    )
    return _paused(request, "Sign-in paused", detail, int(settings.AXES_COOLOFF_TIME.total_seconds()))


def too_many_sign_ups(request, retry_after: int):
    """429 for a sign-up past SIGN_UP_RATE from its address (interests.sign_in.sign_up)."""
    minutes = -(-retry_after // 60)
    detail = (
        f"Too many sign-ups from this address. "
        f"Sign-up is paused for {minutes} minute{'s' if minutes != 1 else ''}; try again after that."
    )
    return _paused(request, "Sign-up paused", detail, retry_after)


def _paused(request, heading: str, detail: str, retry_after: int):
    headers = {"Retry-After": str(retry_after)}
    if wants_json(request):
        return refusal(request, 429, "rate_limited", detail, headers=headers)
    response = render(request, "registration/locked_out.html", {"heading": heading, "detail": detail}, status=429)
    response["Retry-After"] = headers["Retry-After"]
    return response
