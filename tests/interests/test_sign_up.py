"""`/signup/` (local accounts, Django's password validators, a setting turns it off) and "Sign in to add"."""

import pytest
from django.contrib.auth import get_user_model

from interests.models import Interest


@pytest.mark.django_db
def test_sign_up_makes_an_account_signs_in_and_goes_back(client):
    response = client.post(
        "/signup/",
        {"username": "ada", "password1": "a-long-test-password", "password2": "a-long-test-password", "next": "/x/"},
    )

    user = get_user_model().objects.get(username="ada")
    assert (response.status_code, response["Location"], client.session.get("_auth_user_id")) == (
        302,
        "/x/",
        str(user.pk),
    )
    assert user.check_password("a-long-test-password")


@pytest.mark.django_db
def test_sign_up_refuses_a_weak_password_and_makes_nothing(client):
    response = client.post("/signup/", {"username": "ada", "password1": "password", "password2": "password"})

    page = response.content.decode()
    assert (response.status_code, get_user_model().objects.filter(username="ada").exists()) == (200, False)
    assert "This password is too common." in page


@pytest.mark.django_db
def test_sign_up_refuses_a_taken_username(client, make_user):
    make_user(username="ada")

    response = client.post(
        "/signup/", {"username": "ada", "password1": "a-long-test-password", "password2": "a-long-test-password"}
    )

    assert response.status_code == 200
    assert "A user with that username already exists." in response.content.decode()


@pytest.mark.django_db
def test_sign_up_turned_off_by_the_setting(client, settings):
    settings.SELF_REGISTRATION = False

    page = client.get("/signup/")
    posted = client.post(
        "/signup/", {"username": "ada", "password1": "a-long-test-password", "password2": "a-long-test-password"}
    )
    login_page = client.get("/login/").content.decode()

    assert (page.status_code, posted.status_code, get_user_model().objects.count()) == (404, 404, 0)
    assert "/signup/" not in login_page


@pytest.mark.django_db
def test_login_page_links_to_sign_up(client):
    page = client.get("/login/?next=/pycon-2016/").content.decode()

    assert 'href="/signup/?next=/pycon-2016/"' in page


@pytest.mark.django_db
def test_sign_in_to_add_adds_the_talk_and_returns_to_its_card(client, make_user, make_presentation):
    user = make_user(username="grace")
    talk = make_presentation(title="Machete-mode debugging")
    back = f"/{talk.conference.slug}/#p-{talk.pk}"

    page = client.get(f"/login/?next=/{talk.conference.slug}/%23p-{talk.pk}&add={talk.pk}").content.decode()
    response = client.post("/login/", {"username": "grace", "password": "a-long-test-password", "next": back})

    assert "Once you are signed in, “Machete-mode debugging” is added to your calendar." in page
    assert (response.status_code, response["Location"]) == (302, back)
    assert list(Interest.objects.filter(user=user).values_list("presentation_id", flat=True)) == [talk.pk]


@pytest.mark.django_db
def test_sign_up_to_add_adds_the_talk(client, make_presentation):
    talk = make_presentation()

    client.get(f"/signup/?next=/x/&add={talk.pk}")
    client.post(
        "/signup/", {"username": "ada", "password1": "a-long-test-password", "password2": "a-long-test-password"}
    )

    assert list(Interest.objects.values_list("user__username", "presentation_id")) == [("ada", talk.pk)]


@pytest.mark.django_db
def test_plain_sign_in_forgets_an_earlier_talk_to_add(client, make_user, make_presentation):
    make_user(username="grace")
    talk = make_presentation()

    client.get(f"/login/?add={talk.pk}")
    client.get("/login/")
    client.post("/login/", {"username": "grace", "password": "a-long-test-password"})

    assert Interest.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("add", ["abc", "99999999", "-1", "1" * 40])
def test_sign_in_to_add_with_a_bad_id_adds_nothing(client, make_user, add):
    make_user(username="grace")

    page = client.get(f"/login/?add={add}")
    client.post("/login/", {"username": "grace", "password": "a-long-test-password"})

    assert (page.status_code, Interest.objects.count()) == (200, 0)


@pytest.mark.django_db
def test_sign_in_to_add_a_break_adds_nothing(client, make_user, make_presentation):
    make_user(username="grace")
    lunch = make_presentation(kind="lunch")

    client.get(f"/login/?add={lunch.pk}")
    client.post("/login/", {"username": "grace", "password": "a-long-test-password"})

    assert Interest.objects.count() == 0
