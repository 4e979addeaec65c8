"""`/signup/` is rate-limited per client address (settings.SIGN_UP_RATE), as sign-in is throttled: past the
rate every attempt, good or bad, is a 429 with Retry-After and makes no account."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def three_an_hour(settings):
    # An hour's window: a test never straddles two windows, so the count cannot restart midway.
    settings.SIGN_UP_RATE = "3/h"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


def sign_up(client, username, password=PASSWORD, address="10.0.0.1", **headers):
    form = {"username": username, "password1": password, "password2": password}
    response = client.post("/signup/", form, REMOTE_ADDR=address, **headers)
    client.logout()  # a signed-in person is sent on, not counted: each attempt here is a newcomer's
    return response


def usernames() -> list[str]:
    return sorted(get_user_model().objects.values_list("username", flat=True))


@pytest.mark.django_db
def test_sign_ups_past_the_rate_are_refused_with_429_and_make_no_account(client):
    made = [sign_up(client, name).status_code for name in ("ada", "grace", "linus")]
    refused = sign_up(client, "margaret")

    page = refused.content.decode()
    assert made == [302, 302, 302]
    assert (refused.status_code, 0 < int(refused["Retry-After"]) <= 3600) == (429, True)
    assert "<h1>Sign-up paused</h1>" in page and "Too many sign-ups from this address." in page
    assert usernames() == ["ada", "grace", "linus"]


@pytest.mark.django_db
def test_refused_sign_ups_count_too(client):
    weak = [sign_up(client, "ada", password="password").status_code for _ in range(3)]
    good = sign_up(client, "ada")

    assert (weak, good.status_code, usernames()) == ([200, 200, 200], 429, [])


@pytest.mark.django_db
def test_sign_up_rate_is_per_address_and_showing_the_form_is_free(client):
    for name in ("ada", "grace", "linus"):
        sign_up(client, name)
    form = client.get("/signup/", REMOTE_ADDR="10.0.0.1")
    elsewhere = sign_up(client, "margaret", address="10.0.0.2")

    assert (form.status_code, elsewhere.status_code) == (200, 302)
    assert usernames() == ["ada", "grace", "linus", "margaret"]


@pytest.mark.django_db
def test_sign_up_past_the_rate_answers_json_clients_in_specs_shape(client):
    for name in ("ada", "grace", "linus"):
        sign_up(client, name)

    refused = sign_up(client, "margaret", HTTP_ACCEPT="application/json")

    minutes = -(-int(refused["Retry-After"]) // 60)
    assert (refused.status_code, refused["Content-Type"]) == (429, "application/json")
    assert json.loads(refused.content) == {
        "error": "rate_limited",
        "detail": f"Too many sign-ups from this address. Sign-up is paused for {minutes} minute"
        f"{'s' if minutes != 1 else ''}; try again after that.",
    }
    assert "margaret" not in usernames()
