"""`POST /talks/<id>/interest/` is rate-limited per user (settings.INTEREST_RATE): past it, 429 with
Retry-After and SPEC's error shape, and the refused change is not made."""

import json

import pytest
from django.core.cache import caches

from interests.models import Interest


@pytest.fixture(autouse=True)
def three_an_hour(settings):
    # An hour's window: a test never straddles two windows, so the count cannot restart midway.
    settings.INTEREST_RATE = "3/h"
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


def mark(client, talk, value, **headers):
    return client.post(f"/talks/{talk.pk}/interest/", {"interested": value}, **headers)


@pytest.mark.django_db
def test_interest_posts_past_the_rate_are_refused_with_429_and_nothing_changes(client, make_presentation, make_user):
    talk = make_presentation()
    ada = make_user()
    client.force_login(ada)

    allowed = [mark(client, talk, value).status_code for value in ("1", "0", "1")]
    refused = mark(client, talk, "0", HTTP_ACCEPT="application/json")

    assert allowed == [303, 303, 303]
    assert (refused.status_code, 0 < int(refused["Retry-After"]) <= 3600) == (429, True)
    assert json.loads(refused.content) == {
        "error": "rate_limited",
        "detail": f"Too many changes at once; try again in {refused['Retry-After']} seconds.",
    }
    assert list(Interest.objects.filter(user=ada).values_list("presentation_id", flat=True)) == [talk.pk]


@pytest.mark.django_db
def test_interest_rate_is_per_user(client, make_presentation, make_user):
    talk = make_presentation()
    client.force_login(make_user())
    for value in ("1", "0", "1"):
        mark(client, talk, value)
    refused_form = mark(client, talk, "0")

    client.force_login(make_user())
    other = mark(client, talk, "1")

    assert (refused_form.status_code, refused_form["Content-Type"]) == (429, "text/plain; charset=utf-8")
    assert other.status_code == 303
