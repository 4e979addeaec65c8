import threading

import pytest
from django.db import connection

from interests.marking import InterestNotAccepted, set_interest
from interests.models import Interest


def interests_of(user):
    return list(Interest.objects.filter(user=user).values_list("presentation_id", flat=True))


@pytest.mark.django_db
def test_set_interest_adds_once(make_user, make_presentation):
    user, talk = make_user(), make_presentation()

    first = set_interest(user=user, presentation=talk, interested=True)
    second = set_interest(user=user, presentation=talk, interested=True)

    assert (first, second, interests_of(user)) == (True, False, [talk.pk])


@pytest.mark.django_db
def test_set_interest_removes_once(make_user, make_presentation):
    user, talk = make_user(), make_presentation()
    Interest.objects.create(user=user, presentation=talk)

    first = set_interest(user=user, presentation=talk, interested=False)
    second = set_interest(user=user, presentation=talk, interested=False)

    assert (first, second, interests_of(user)) == (True, False, [])


@pytest.mark.django_db
def test_set_interest_refuses_a_break(make_user, make_presentation):
    user, lunch = make_user(), make_presentation(kind="lunch")

    with pytest.raises(InterestNotAccepted):
        set_interest(user=user, presentation=lunch, interested=True)

    assert interests_of(user) == []


@pytest.mark.django_db
def test_set_interest_keeps_other_users_interests(make_user, make_presentation):
    me, other, talk = make_user(), make_user(), make_presentation()
    Interest.objects.create(user=other, presentation=talk)

    set_interest(user=me, presentation=talk, interested=True)
    set_interest(user=me, presentation=talk, interested=False)

    assert (interests_of(me), interests_of(other)) == ([], [talk.pk])


def insert_from_another_connection(**fields):
    def insert():
        try:
            Interest.objects.create(**fields)
        finally:
            connection.close()

    thread = threading.Thread(target=insert)
    thread.start()
    thread.join()


@pytest.mark.django_db(transaction=True)
def test_set_interest_loses_a_race_quietly(make_user, make_presentation, monkeypatch):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's IMMEDIATE transactions queue writers: another insert cannot land inside ours")
    user, talk = make_user(), make_presentation()

    def losing_get_or_create(**fields):
        # Another request commits the same interest after our lookup found nothing; our insert then fails.
        insert_from_another_connection(**fields)
        return Interest.objects.create(**fields), True

    monkeypatch.setattr(Interest.objects, "get_or_create", losing_get_or_create)

    changed = set_interest(user=user, presentation=talk, interested=True)

    assert (changed, interests_of(user)) == (False, [talk.pk])
