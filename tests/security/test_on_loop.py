"""Through Django's ASGI handler, as a server calls it, the middlewares' hooks run on the event loop
(security/on_loop.py): the answers are those of the sync path, and the sync thread is asked only for the
view, Django's own signals, and the hooks that reach the database."""

import asgiref.sync
import pytest
from asgiref.sync import async_to_sync
from django.contrib.sessions.models import Session
from django.test import AsyncClient

from interests.models import CalendarFeed

# Only a page served through ASGI names its live socket (under WSGI, pages open none).
LIVE_SOCKET = b'<meta name="live-socket"'


def lines(response) -> list[bytes]:
    return [line for line in response.content.splitlines() if line.strip() and LIVE_SOCKET not in line]


def headers(response, *, page: bool) -> dict[str, str]:
    """All but the cookies (a new CSRF secret each time) and, for a page, what follows its copy: the socket
    is named in one only, so each path keeps a copy of its own, with its length, its ETag and the second it
    was made in (Last-Modified)."""
    left_out = {"Set-Cookie", "Content-Length", "ETag", "Last-Modified"} if page else {"Set-Cookie"}
    return {name: value for name, value in response.items() if name not in left_out}


class Asgi:
    """Requests through Django's ASGI handler, made from this (sync) test: the database work it sends to the
    sync thread runs on the test's own thread, inside its transaction."""

    def __init__(self, **defaults):
        self.client = AsyncClient(**defaults)

    def __getattr__(self, method):
        return async_to_sync(getattr(self.client, method))


@pytest.fixture
def trips(monkeypatch) -> list[str]:
    """The name of every function sent to the sync thread."""
    sent = []
    original = asgiref.sync.SyncToAsync.__call__

    async def counted(self, *args, **kwargs):
        sent.append(getattr(self.func, "__qualname__", repr(self.func)))
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(asgiref.sync.SyncToAsync, "__call__", counted)
    return sent


@pytest.mark.django_db
@pytest.mark.parametrize("revalidate", [False, True], ids=["200", "304"])
@pytest.mark.parametrize(("path", "view"), [("/talks/{pk}.ics", "talk_feed"), ("/{slug}/", "schedule")])
def test_a_visitors_answer_goes_to_the_sync_thread_for_its_view_and_djangos_signals_only(
    make_presentation, trips, path, view, revalidate
):
    talk = make_presentation()
    path = path.format(slug=talk.conference.slug, pk=talk.pk)
    asgi = Asgi()
    first = asgi.get(path)
    trips.clear()

    response = asgi.get(path, headers={"if-none-match": first["ETag"]} if revalidate else {})

    assert response.status_code == (304 if revalidate else 200)
    # request_started's receivers, the view, request_finished's (through the answer's close): 16 before.
    assert trips == ["Signal.asend.<locals>.sync_send", view, "HttpResponseBase.close"]


@pytest.mark.django_db
def test_a_signed_in_persons_page_still_looks_them_up_in_the_sync_thread(make_presentation, make_user, trips):
    talk = make_presentation()
    asgi = Asgi()
    asgi.client.force_login(make_user())
    trips.clear()

    response = asgi.get(f"/{talk.conference.slug}/")

    assert response["Cache-Control"] == "private, no-store"
    assert "PrivateWhenSignedIn.process_response" in trips


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/{slug}/", "/{slug}", "/talks/{pk}/", "/talks/{pk}.ics", "/{slug}/schedule.xml", "/no-such-conference/"],
    ids=["page", "slash redirect", "talk page", "feed", "export", "404"],
)
def test_an_answer_on_the_loop_is_the_sync_paths_answer(client, make_presentation, path):
    talk = make_presentation()
    path = path.format(slug=talk.conference.slug, pk=talk.pk)

    sync, on_loop = client.get(path), Asgi().get(path)

    page = LIVE_SOCKET in on_loop.content
    assert (on_loop.status_code, headers(on_loop, page=page), lines(on_loop)) == (
        sync.status_code,
        headers(sync, page=page),
        lines(sync),
    )


@pytest.mark.django_db
def test_signing_in_on_the_loop_saves_the_session_and_the_pages_after_are_private(make_user):
    make_user(username="ada")
    asgi = Asgi()

    response = asgi.post("/login/", {"username": "ada", "password": "a-long-test-password"})
    me = asgi.get("/me/")

    assert response.status_code == 302
    assert Session.objects.count() == 1
    assert me.status_code == 200
    assert me["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_a_message_is_stored_on_the_loop_and_shown_once(make_user):
    user = make_user()
    asgi = Asgi()
    asgi.client.force_login(user)

    saved = asgi.post("/me/", {"reminder_minutes": "15"})
    shown, again = asgi.get("/me/"), asgi.get("/me/")

    assert (saved.status_code, CalendarFeed.objects.get(user=user).reminder_minutes) == (303, 15)
    assert "Reminder saved: 15 minutes before." in shown.content.decode()
    assert "Reminder saved" not in again.content.decode()


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_is_refused_on_the_loop(make_user):
    user = make_user()
    asgi = Asgi(enforce_csrf_checks=True)
    asgi.client.force_login(user)

    page = asgi.get("/me/")
    refused = asgi.post("/me/", {"reminder_minutes": "15"})

    assert page.status_code == 200
    assert refused.status_code == 403
    assert not CalendarFeed.objects.filter(user=user, reminder_minutes=15).exists()
