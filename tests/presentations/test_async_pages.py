"""The list and talk page's async views (presentations/async_pages.py, ASYNC_PAGES=1) answer exactly as the
sync views do: the same bodies, status and headers, for visitors and signed-in people, kept or not."""

from __future__ import annotations

import gzip
import re
from inspect import iscoroutinefunction

import pytest
from django.test import Client
from django.urls import resolve

from interests.models import Interest
from presentations import page_store
from tests.pyconguide.test_settings import run_settings

ASYNC_URLS = "tests.presentations.async_urls"
# Headers that differ between any two answers (the CSRF cookie is masked afresh, the session saved anew),
# and Last-Modified, the second each kind of view made its own copy in.
CHANGING = {"Set-Cookie", "Date", "Last-Modified"}


def test_async_urls_route_only_the_list_and_talk_page_to_coroutines(settings):
    urls = ["/pycon-2016/", "/talks/1/", "/pycon-2016/grid/", "/pycon-2016/schedule.json", "/admin/"]
    by_default = {url: iscoroutinefunction(resolve(url).func) for url in urls}
    settings.ROOT_URLCONF = ASYNC_URLS

    assert by_default == dict.fromkeys(urls, False)
    assert {url: iscoroutinefunction(resolve(url).func) for url in urls} == {
        "/pycon-2016/": True,
        "/talks/1/": True,
        "/pycon-2016/grid/": False,
        "/pycon-2016/schedule.json": False,
        "/admin/": False,
    }


def test_async_pages_setting_routes_the_site_to_the_async_views():
    code = "import django; django.setup(); from django.urls import resolve; print(resolve('/x/').func.__module__)"

    env = {"DJANGO_SETTINGS_MODULE": "pyconguide.settings"}

    assert run_settings({**env, "ASYNC_PAGES": "1"}, code).stdout.strip() == "presentations.async_pages"
    assert run_settings({**env, "ASYNC_PAGES": ""}, code).stdout.strip() == "presentations.views"


def answer(client, url: str, **headers) -> tuple[int, dict, str]:
    response = client.get(url, **headers)
    kept = {name: value for name, value in response.headers.items() if name not in CHANGING}
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
        # GZipMiddleware pads each answer with random bytes (Heal the Breach): only the page is the same.
        kept.pop("Content-Length")
    return response.status_code, kept, re.sub(r'csrfmiddlewaretoken" value="[^"]+', "", body.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_async_views_answer_as_the_sync_views(settings, make_presentation, make_user, signed_in):
    first = make_presentation(title="First")
    second = make_presentation(first.conference, title="Second")
    user = make_user(password=None)
    Interest.objects.create(user=user, presentation=second)
    client = Client()
    if signed_in:
        client.force_login(user)
    requests = [
        (f"/{first.conference.slug}/", {}),
        (f"/{first.conference.slug}/", {"HTTP_ACCEPT_ENCODING": "gzip"}),
        (f"/{first.conference.slug}/?mine=1", {}),
        (f"/talks/{second.pk}/", {}),
        ("/talks/999999/", {}),
        ("/no-such-conference/", {}),
    ]

    def answers() -> list:
        made = [answer(client, url, **headers) for url, headers in requests]
        kept = [answer(client, url, **headers) for url, headers in requests]
        return made + kept

    sync = answers()
    settings.ROOT_URLCONF = ASYNC_URLS
    page_store.clear()  # the async views make their own copies, then serve them
    in_async = answers()

    assert [status for status, _, _ in sync] == [200, 200, 200, 200, 404, 404] * 2
    assert in_async == sync


@pytest.mark.django_db
def test_async_list_answers_304_to_the_etag_the_sync_list_gave(settings, client, make_presentation):
    presentation = make_presentation()
    url = f"/{presentation.conference.slug}/"
    etag = client.get(url, HTTP_ACCEPT_ENCODING="gzip")["ETag"]
    settings.ROOT_URLCONF = ASYNC_URLS

    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)

    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
