"""Small factories shared by the whole suite: valid objects, no surprises."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

_counter = itertools.count(1)


@pytest.fixture
def make_conference(db):
    from presentations.models import Conference

    def make(**fields):
        n = next(_counter)
        fields.setdefault("slug", f"conf-{n}")
        fields.setdefault("name", f"Conference {n}")
        fields.setdefault("timezone", "America/Los_Angeles")
        return Conference.objects.create(**fields)

    return make


@pytest.fixture
def make_presentation(db, make_conference):
    from presentations.models import Presentation

    def make(conference=None, **fields):
        conference = conference or make_conference()
        n = next(_counter)
        tz = ZoneInfo(conference.timezone)
        fields.setdefault("source_id", str(1000 + n))
        fields.setdefault("kind", "talk")
        fields.setdefault("title", f"Talk number {n}")
        fields.setdefault("speakers", [f"Speaker {n}"])
        fields.setdefault("room", "Room A")
        fields.setdefault("start", datetime(2016, 5, 30, 10, 50, tzinfo=tz))
        fields.setdefault("end", fields["start"] + timedelta(minutes=30) if fields["start"] else None)
        return Presentation.objects.create(conference=conference, **fields)

    return make


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model

    def make(**fields):
        n = next(_counter)
        fields.setdefault("username", f"user{n}")
        return get_user_model().objects.create_user(password="a-long-test-password", **fields)

    return make


@pytest.fixture
def session_cookie():
    """The session cookie value of `user` signed in, for sockets and browsers that need a real session."""
    from django.test import Client

    def cookie(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    return cookie
