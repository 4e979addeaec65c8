"""Marking interest by form, what one marked, and the health of the parts the live site depends on."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from interests.hub import layer_round_trip
from interests.marking import InterestNotAccepted, set_interest
from interests.models import Interest
from interests.sign_in import next_page
from presentations.models import Conference, Presentation
from presentations.queries import interested_ids
from security.middleware import refusal, wants_json
from security.rate_limits import seconds_to_wait

logger = logging.getLogger(__name__)

INTERESTED_VALUES = {"1": True, "0": False}
HEALTHZ_TIMEOUT = 2.0  # seconds: a proxy's health check should not wait on a hung Redis for long


@require_POST
def mark_interest(request, pk: int):
    """`POST /talks/<id>/interest/` with `interested=1|0`: sets (not toggles) the signed-in user's interest."""
    talk_page = reverse("talk", args=[pk])
    if not request.user.is_authenticated:
        if wants_json(request):
            return refusal(request, 403, "not_authenticated", "Sign in to add talks to your calendar.")
        return redirect_to_login(next_page(request, talk_page))
    if retry_after := seconds_to_wait(request, group="interest", key="user", rate=settings.INTEREST_RATE):
        return refusal(
            request,
            429,
            "rate_limited",
            f"Too many changes at once; try again in {retry_after} seconds.",
            headers={"Retry-After": str(retry_after)},
        )
    presentation = get_object_or_404(Presentation, pk=pk)
    value = request.POST.get("interested")
    if value not in INTERESTED_VALUES:
        return refusal(request, 400, "bad_message", f"'interested' must be 1 or 0, not {value!r}.")
    interested = INTERESTED_VALUES[value]
    try:
        set_interest(user=request.user, presentation=presentation, interested=interested)
    except InterestNotAccepted:
        return refusal(request, 400, "not_found", f"A {presentation.kind} cannot be added to a calendar.")
    if wants_json(request):
        count = Interest.objects.filter(presentation=presentation).count()
        return JsonResponse({"presentation": presentation.pk, "interested": interested, "count": count})
    return HttpResponseRedirect(next_page(request, talk_page), status=303)


@never_cache
@require_GET
def my_interests(request):
    """`GET /me/interests.json?conference=<slug>`: ids of what the signed-in user marked there.

    Pages read it after their socket (re)connects, since nothing replays what a closed socket missed.
    Signed out, the list is empty: such a visitor has marked nothing.
    """
    slug = request.GET.get("conference", "")
    if not slug:
        return JsonResponse({"error": "bad_message", "detail": "Name the conference: ?conference=<slug>."}, status=400)
    conference = get_object_or_404(Conference, slug=slug)
    return JsonResponse({"presentations": sorted(interested_ids(request.user, conference))})


def healthz(request):
    status = {"database": "ok", "channel_layer": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure of the database is a failing part, not a 500
        logger.warning("healthz: database failed: %s", error)
        status["database"] = "failing"
    try:
        async_to_sync(layer_round_trip)(get_channel_layer(), HEALTHZ_TIMEOUT)
    except Exception as error:
        logger.warning("healthz: channel layer failed: %s", error)
        status["channel_layer"] = "failing"
    ok = all(value == "ok" for value in status.values())
    return JsonResponse(status, status=200 if ok else 503)
