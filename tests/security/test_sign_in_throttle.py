"""Password guessing through the real sign-in forms (`/login/`, the admin's) meets django-axes: a username
or an address that failed SIGN_IN_FAILURE_LIMIT times is locked out of every password form."""

import json

import pytest
from axes.models import AccessAttempt
from django.conf import settings

LIMIT = settings.AXES_FAILURE_LIMIT
RIGHT = "a-long-test-password"
LOCKED = "Too many failed sign-ins for this username or from this address."


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # Dozens of sign-ins per test: the real hasher's cost is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client, username, password, address="10.0.0.1", **headers):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def signed_in_user(client):
    return client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_sign_in_locks_a_username_out_after_the_limit_even_with_the_right_password(client, make_user):
    make_user(username="grace")

    failures = [sign_in(client, "grace", f"guess-{n}").status_code for n in range(LIMIT)]
    right = sign_in(client, "grace", RIGHT)

    assert LIMIT == 10
    assert failures == [200] * (LIMIT - 1) + [429]
    assert (right.status_code, right["Retry-After"], signed_in_user(client)) == (429, "900", None)
    assert LOCKED in right.content.decode() and "paused for 15 minutes" in right.content.decode()


@pytest.mark.django_db
def test_sign_in_locks_a_username_out_from_any_address(client, make_user):
    make_user(username="grace")

    for n in range(LIMIT):
        sign_in(client, "grace", f"guess-{n}", address=f"10.0.1.{n}")
    elsewhere = sign_in(client, "grace", RIGHT, address="10.9.9.9")

    assert (elsewhere.status_code, signed_in_user(client)) == (429, None)


@pytest.mark.django_db
def test_sign_in_locks_an_address_out_for_every_username(client, make_user):
    make_user(username="ada")

    for n in range(LIMIT):
        sign_in(client, f"nobody-{n}", "guess", address="10.0.2.1")
    other_user = sign_in(client, "ada", RIGHT, address="10.0.2.1")
    other_address = sign_in(client, "ada", RIGHT, address="10.0.2.2")

    assert (other_user.status_code, other_address.status_code) == (429, 302)


@pytest.mark.django_db
def test_sign_in_lock_out_answers_json_clients_with_429_and_the_error_shape(client, make_user):
    make_user(username="grace")
    for n in range(LIMIT):
        sign_in(client, "grace", f"guess-{n}")

    answer = sign_in(client, "grace", RIGHT, HTTP_ACCEPT="application/json")

    assert (answer.status_code, answer["Content-Type"], answer["Retry-After"]) == (429, "application/json", "900")
    assert json.loads(answer.content) == {
        "error": "rate_limited",
        "detail": LOCKED + " Sign-in is paused for 15 minutes; try again after that.",
    }


@pytest.mark.django_db
def test_sign_in_success_resets_the_count(client, make_user):
    make_user(username="grace")
    for n in range(LIMIT - 1):
        sign_in(client, "grace", f"guess-{n}")

    sign_in(client, "grace", RIGHT)
    client.post("/logout/")
    again = [sign_in(client, "grace", f"again-{n}").status_code for n in range(LIMIT - 1)]
    finally_right = sign_in(client, "grace", RIGHT)

    assert again == [200] * (LIMIT - 1)
    assert finally_right.status_code == 302 and signed_in_user(client) is not None


@pytest.mark.django_db
def test_admin_login_is_throttled_too(client, make_user):
    make_user(username="root", is_staff=True, is_superuser=True)

    failures = [
        client.post(
            "/admin/login/?next=/admin/", {"username": "root", "password": f"guess-{n}"}, REMOTE_ADDR="10.0.3.1"
        ).status_code
        for n in range(LIMIT)
    ]
    right = client.post("/admin/login/?next=/admin/", {"username": "root", "password": RIGHT}, REMOTE_ADDR="10.0.3.1")

    assert failures == [200] * (LIMIT - 1) + [429]
    assert (right.status_code, signed_in_user(client)) == (429, None)


@pytest.mark.django_db
def test_admin_lists_lock_outs_for_staff(client, make_user):
    make_user(username="grace")
    for n in range(LIMIT):
        sign_in(client, "grace", f"guess-{n}", address="10.0.4.1")
    root = make_user(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)

    page = client.get("/admin/axes/accessattempt/")

    attempts = list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start"))
    assert attempts == [("grace", "10.0.4.1", LIMIT)]
    assert page.status_code == 200 and "grace" in page.content.decode() and "10.0.4.1" in page.content.decode()
