"""`GET /login/`, local sign-in, `POST /logout/`, and the whole GitHub flow with GitHub's API answered offline."""

from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from django.contrib.auth import get_user_model
from social_django.models import UserSocialAuth


@pytest.fixture
def github_app(settings):
    settings.SOCIAL_AUTH_GITHUB_KEY = "test-client-id"
    settings.SOCIAL_AUTH_GITHUB_SECRET = "test-client-secret"


@pytest.mark.django_db
def test_login_page_offers_github_as_a_post_form(client, github_app):
    response = client.get("/login/?next=/pyguide-sample/")

    page = response.content.decode()
    assert (response.status_code, 'action="/auth/login/github/"' in page, "Sign in with GitHub" in page) == (
        200,
        True,
        True,
    )
    assert 'name="csrfmiddlewaretoken"' in page and 'name="next" value="/pyguide-sample/"' in page


@pytest.mark.django_db
def test_login_page_without_github_app_says_so(client, settings):
    settings.SOCIAL_AUTH_GITHUB_KEY = ""

    page = client.get("/login/").content.decode()

    assert ("/auth/login/github/" in page, "GitHub sign-in is not set up on this site" in page) == (False, True)


@pytest.mark.django_db
def test_local_sign_in_and_out(client, make_user):
    user = make_user(username="grace")

    signed_in = client.post("/login/", {"username": "grace", "password": "a-long-test-password", "next": "/x/"})
    session_user = client.session.get("_auth_user_id")
    signed_out = client.post("/logout/")

    assert (signed_in.status_code, signed_in["Location"], session_user) == (302, "/x/", str(user.pk))
    assert (signed_out.status_code, signed_out["Location"], client.session.get("_auth_user_id")) == (302, "/", None)


@pytest.mark.django_db
def test_local_sign_in_with_a_wrong_password_stays_out(client, make_user):
    make_user(username="grace")

    response = client.post("/login/", {"username": "grace", "password": "wrong"})

    assert (response.status_code, client.session.get("_auth_user_id")) == (200, None)
    assert "Please enter a correct username and password" in response.content.decode()


@pytest.mark.django_db
def test_logout_is_post_only(client, make_user):
    client.force_login(make_user())

    response = client.get("/logout/")

    assert (response.status_code, client.session.get("_auth_user_id") is not None) == (405, True)


@pytest.mark.django_db
def test_github_begin_is_post_only(client, github_app):
    response = client.get("/auth/login/github/")

    assert response.status_code == 405


@responses.activate
@pytest.mark.django_db
def test_github_sign_in_creates_the_user_and_signs_in(client, github_app):
    responses.post(
        "https://github.com/login/oauth/access_token",
        json={"access_token": "gho_test", "token_type": "bearer", "scope": ""},
    )
    responses.get(
        "https://api.github.com/user",
        json={"id": 583231, "login": "octocat", "name": "The Octocat", "email": "octo@example.com"},
    )

    begin = client.post("/auth/login/github/", {"next": "/pyguide-sample/"})
    authorize = urlsplit(begin["Location"])
    query = parse_qs(authorize.query)
    complete = client.get("/auth/complete/github/", {"code": "the-code", "state": query["state"][0]})

    user = get_user_model().objects.get()
    assert (begin.status_code, authorize.netloc, authorize.path, query["client_id"]) == (
        302,
        "github.com",
        "/login/oauth/authorize",
        ["test-client-id"],
    )
    assert (complete.status_code, complete["Location"]) == (302, "/pyguide-sample/")
    names = (user.username, user.email, user.first_name, user.last_name)
    assert names == ("octocat", "octo@example.com", "The", "Octocat")
    assert list(UserSocialAuth.objects.values_list("user_id", "provider", "uid")) == [(user.pk, "github", "583231")]
    assert (client.session["_auth_user_id"], client.session["_auth_user_backend"]) == (
        str(user.pk),
        "social_core.backends.github.GithubOAuth2",
    )


@responses.activate
@pytest.mark.django_db
def test_github_sign_in_again_reuses_the_user(client, github_app):
    responses.post("https://github.com/login/oauth/access_token", json={"access_token": "gho_test"})
    responses.get("https://api.github.com/user", json={"id": 7, "login": "linus", "email": None})
    responses.get("https://api.github.com/user/emails", json=[])

    for _ in range(2):
        state = parse_qs(urlsplit(client.post("/auth/login/github/")["Location"]).query)["state"][0]
        client.get("/auth/complete/github/", {"code": "c", "state": state})
        client.post("/logout/")

    assert list(get_user_model().objects.values_list("username", flat=True)) == ["linus"]
    assert UserSocialAuth.objects.count() == 1


@responses.activate
@pytest.mark.django_db
def test_github_sign_in_with_a_forged_state_signs_nobody_in(client, github_app):
    client.post("/auth/login/github/")

    response = client.get("/auth/complete/github/", {"code": "c", "state": "forged"})

    assert (response.status_code, client.session.get("_auth_user_id"), get_user_model().objects.count()) == (
        403,
        None,
        0,
    )
