"""Requests another site could make in a signed-in visitor's name: every form needs its CSRF token, and a
feed address cannot be guessed."""

import pytest
from django.test import Client

from interests.models import CalendarFeed, Interest, new_feed_token


@pytest.fixture
def strict(make_user):
    """A browser whose forms come from another site: signed in here, but without our CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.user = make_user(username="ada")
    client.force_login(client.user)
    return client


@pytest.mark.django_db
def test_interest_form_without_csrf_token_is_403_and_saves_nothing(strict, make_presentation):
    talk = make_presentation()

    response = strict.post(f"/talks/{talk.pk}/interest/", {"interested": "1"}, HTTP_ACCEPT="application/json")

    assert (response.status_code, Interest.objects.count()) == (403, 0)


@pytest.mark.django_db
def test_logout_without_csrf_token_is_403_and_keeps_the_session(strict):
    response = strict.post("/logout/")

    assert response.status_code == 403
    assert strict.get("/me/").status_code == 200


@pytest.mark.django_db
def test_feed_rotate_without_csrf_token_is_403_and_keeps_the_link(strict):
    feed = CalendarFeed.objects.create(user=strict.user)

    response = strict.post("/me/feed/rotate/")

    assert (response.status_code, CalendarFeed.objects.get().token) == (403, feed.token)


@pytest.mark.django_db
def test_reminder_form_without_csrf_token_is_403_and_keeps_the_reminder(strict):
    CalendarFeed.objects.create(user=strict.user, reminder_minutes=5)

    response = strict.post("/me/", {"reminder_minutes": "15"})

    assert (response.status_code, CalendarFeed.objects.get().reminder_minutes) == (403, 5)


@pytest.mark.django_db
def test_feed_with_a_guessed_token_is_404(client, make_user):
    # The token is 256 random bits looked up through a unique index: guessing, or learning it a byte at a
    # time from response times, is hopeless (docs/feeds.md).
    real = CalendarFeed.objects.create(user=make_user())
    guesses = [new_feed_token(), real.token[:-1] + ("A" if real.token[-1] != "A" else "B"), real.token.upper(), ""]

    answers = [client.get(f"/calendar/{guess}.ics").status_code for guess in guesses]

    assert answers == [404, 404, 404, 404]
