"""`POST /talks/<id>/interest/` and `GET /me/interests.json`."""

import pytest
from django.test import Client

from interests.models import Interest
from tests.processes import free_port


def interested_users(talk):
    return sorted(Interest.objects.filter(presentation=talk).values_list("user__username", flat=True))


@pytest.fixture
def signed_in(make_user):
    user = make_user(username="ada")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_interest_form_sets_and_redirects_back(signed_in, make_presentation):
    talk = make_presentation()

    response = signed_in.post(f"/talks/{talk.pk}/interest/", {"interested": "1", "next": "/pyguide-sample/?day=x"})

    assert (response.status_code, response["Location"], interested_users(talk)) == (
        303,
        "/pyguide-sample/?day=x",
        ["ada"],
    )


@pytest.mark.django_db
def test_interest_form_sets_rather_than_toggles(signed_in, make_presentation):
    talk = make_presentation()

    signed_in.post(f"/talks/{talk.pk}/interest/", {"interested": "1"})
    signed_in.post(f"/talks/{talk.pk}/interest/", {"interested": "1"})
    after_two_adds = interested_users(talk)
    signed_in.post(f"/talks/{talk.pk}/interest/", {"interested": "0"})
    signed_in.post(f"/talks/{talk.pk}/interest/", {"interested": "0"})

    assert (after_two_adds, interested_users(talk)) == (["ada"], [])


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", ""])
def test_interest_form_goes_to_the_talk_for_an_unsafe_next(signed_in, make_presentation, next_url):
    talk = make_presentation()

    response = signed_in.post(f"/talks/{talk.pk}/interest/", {"interested": "1", "next": next_url})

    assert (response.status_code, response["Location"]) == (303, f"/talks/{talk.pk}/")


@pytest.mark.django_db
def test_interest_json_answers_state_and_count(signed_in, make_presentation, make_user):
    talk = make_presentation()
    Interest.objects.create(user=make_user(), presentation=talk)

    response = signed_in.post(
        f"/talks/{talk.pk}/interest/", {"interested": "1"}, headers={"accept": "application/json"}
    )

    assert (response.status_code, response.json()) == (200, {"presentation": talk.pk, "interested": True, "count": 2})


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["yes", "2", "", None])
def test_interest_refuses_a_bad_value_and_changes_nothing(signed_in, make_presentation, value):
    talk = make_presentation()
    data = {} if value is None else {"interested": value}

    response = signed_in.post(f"/talks/{talk.pk}/interest/", data)

    assert (response.status_code, response.content.decode(), interested_users(talk)) == (
        400,
        f"'interested' must be 1 or 0, not {value!r}.",
        [],
    )


@pytest.mark.django_db
def test_interest_refuses_a_break(signed_in, make_presentation):
    lunch = make_presentation(kind="lunch")

    response = signed_in.post(
        f"/talks/{lunch.pk}/interest/", {"interested": "1"}, headers={"accept": "application/json"}
    )

    assert (response.status_code, response.json(), interested_users(lunch)) == (
        400,
        {"error": "not_found", "detail": "A lunch cannot be added to a calendar."},
        [],
    )


@pytest.mark.django_db
def test_interest_of_an_unknown_presentation_is_404(signed_in):
    response = signed_in.post("/talks/999999/interest/", {"interested": "1"})

    assert (response.status_code, Interest.objects.count()) == (404, 0)


@pytest.mark.django_db
def test_interest_signed_out_goes_to_sign_in(client, make_presentation):
    talk = make_presentation()

    response = client.post(f"/talks/{talk.pk}/interest/", {"interested": "1", "next": "/pyguide-sample/"})

    assert (response.status_code, response["Location"], Interest.objects.count()) == (
        302,
        "/login/?next=/pyguide-sample/",
        0,
    )


@pytest.mark.django_db
def test_interest_signed_out_json_is_403(client, make_presentation):
    talk = make_presentation()

    response = client.post(f"/talks/{talk.pk}/interest/", {"interested": "1"}, headers={"accept": "application/json"})

    assert (response.status_code, response.json()) == (
        403,
        {"error": "not_authenticated", "detail": "Sign in to add talks to your calendar."},
    )


@pytest.mark.django_db
def test_interest_needs_csrf(make_user, make_presentation):
    talk = make_presentation()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())

    response = client.post(f"/talks/{talk.pk}/interest/", {"interested": "1"})

    assert (response.status_code, Interest.objects.count()) == (403, 0)


@pytest.mark.django_db
def test_interest_with_csrf_token_from_the_page(make_user, make_presentation):
    talk = make_presentation()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(username="grace"))
    client.get(f"/{talk.conference.slug}/")
    token = client.cookies["csrftoken"].value

    response = client.post(
        f"/talks/{talk.pk}/interest/",
        {"interested": "1"},
        headers={"accept": "application/json", "x-csrftoken": token},
    )

    assert (response.status_code, interested_users(talk)) == (200, ["grace"])


@pytest.mark.django_db
def test_interest_is_post_only(signed_in, make_presentation):
    talk = make_presentation()

    response = signed_in.get(f"/talks/{talk.pk}/interest/?interested=1")

    assert (response.status_code, Interest.objects.count()) == (405, 0)


def dead_redis_url() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there


@pytest.mark.django_db(transaction=True)
def test_interest_is_saved_when_redis_is_down(settings, signed_in, make_presentation, caplog):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [dead_redis_url()]},
        }
    }
    talk = make_presentation()

    response = signed_in.post(f"/talks/{talk.pk}/interest/", {"interested": "1"})

    failed_sends = sorted(r.getMessage() for r in caplog.records if r.name == "interests.broadcast")
    assert (response.status_code, interested_users(talk), failed_sends) == (
        303,
        ["ada"],
        [
            f"Could not send count to group conference.{talk.conference_id}",
            f"Could not send interest to group user.{talk.interests.get().user_id}",
        ],
    )


@pytest.mark.django_db
def test_my_interests_lists_ids_in_that_conference(signed_in, make_presentation, make_conference):
    here, elsewhere = make_conference(), make_conference()
    first, second, unmarked = (make_presentation(here) for _ in range(3))
    other = make_presentation(elsewhere)
    for talk in (second, first, other):
        signed_in.post(f"/talks/{talk.pk}/interest/", {"interested": "1"})

    response = signed_in.get(f"/me/interests.json?conference={here.slug}")

    assert (response.status_code, response.json(), response["Cache-Control"]) == (
        200,
        {"presentations": [first.pk, second.pk]},
        "max-age=0, no-cache, no-store, must-revalidate, private",
    )


@pytest.mark.django_db
def test_my_interests_signed_out_is_empty(client, make_conference):
    conference = make_conference()

    response = client.get(f"/me/interests.json?conference={conference.slug}")

    assert (response.status_code, response.json()) == (200, {"presentations": []})


@pytest.mark.django_db
def test_my_interests_needs_a_conference(signed_in):
    response = signed_in.get("/me/interests.json")

    assert (response.status_code, response.json()) == (
        400,
        {"error": "bad_message", "detail": "Name the conference: ?conference=<slug>."},
    )


@pytest.mark.django_db
def test_my_interests_of_an_unknown_conference_is_404(signed_in):
    response = signed_in.get("/me/interests.json?conference=nope")

    assert (response.status_code, response["Content-Type"]) == (404, "text/html; charset=utf-8")
