"""Pages, feeds and exports go out gzipped to clients that accept it, 304s still answer, and the page that
carries the secret feed link is never compressed (BREACH: security/compression.py)."""

from __future__ import annotations

import gzip
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def fosdem(shared_data: Path) -> str:
    path = shared_data / "frab-xml" / "fosdem-2024-schedule.xml"
    call_command("import_schedule", str(path), "--slug", "fosdem-2024", stdout=StringIO(), stderr=StringIO())
    return "fosdem-2024"


@pytest.mark.django_db
def test_fosdem_list_and_whole_feed_are_gzipped_and_the_feed_is_under_a_megabyte(client, fosdem):
    plain_list = client.get(f"/{fosdem}/")
    gzipped_list = client.get(f"/{fosdem}/", **GZIP)
    plain_feed = client.get(f"/{fosdem}/schedule.ics")
    gzipped_feed = client.get(f"/{fosdem}/schedule.ics", **GZIP)

    assert (plain_list.get("Content-Encoding"), gzipped_list["Content-Encoding"]) == (None, "gzip")
    assert (plain_feed.get("Content-Encoding"), gzipped_feed["Content-Encoding"]) == (None, "gzip")
    assert gzip.decompress(gzipped_list.content) == plain_list.content
    assert gzip.decompress(gzipped_feed.content) == plain_feed.content
    assert "Accept-Encoding" in gzipped_list["Vary"]
    # Google Calendar is reported to take subscriptions up to 1 MB; gzip takes the wire size far below.
    assert len(gzipped_feed.content) < 1_000_000 and len(gzipped_feed.content) < len(plain_feed.content) / 3
    assert len(gzipped_list.content) < len(plain_list.content) / 3


@pytest.mark.django_db
def test_gzipped_feed_answers_304_to_its_own_weak_etag(client, make_presentation):
    talk = make_presentation(description="A description long enough to be worth compressing. " * 10)
    first = client.get(f"/{talk.conference.slug}/schedule.ics", **GZIP)

    again = client.get(f"/{talk.conference.slug}/schedule.ics", HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
    since = client.get(f"/{talk.conference.slug}/schedule.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], **GZIP)

    assert (first.status_code, first["Content-Encoding"], first["ETag"][:3]) == (200, "gzip", 'W/"')
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])
    assert (since.status_code, since.content) == (304, b"")


@pytest.mark.django_db
def test_a_kept_feed_is_gzipped_once_not_on_every_request(client, make_presentation, make_user):
    """GZipMiddleware pads each answer with random bytes, so two of its answers differ; a feed compressed
    once, when kept (presentations/gzipped.py), goes out byte for byte the same, and as the plain one."""
    from interests.models import CalendarFeed, Interest

    talk = make_presentation(description="A description long enough to be worth compressing. " * 10)
    user = make_user()
    Interest.objects.create(user=user, presentation=talk)
    feeds = [
        f"/{talk.conference.slug}/schedule.ics",
        f"/talks/{talk.pk}.ics",
        f"/calendar/{CalendarFeed.objects.create(user=user).token}.ics",
        f"/{talk.conference.slug}/schedule.xml",
    ]
    for url in feeds:
        plain = client.get(url)
        first, second = client.get(url, **GZIP), client.get(url, **GZIP)

        assert (first.status_code, first["Content-Encoding"], first["ETag"]) == (200, "gzip", "W/" + plain["ETag"])
        assert first.content == second.content, url
        assert gzip.decompress(first.content) == plain.content, url
        assert "Accept-Encoding" in first["Vary"] and first["Content-Length"] == str(len(first.content))


@pytest.mark.django_db
def test_my_talks_page_with_the_secret_feed_link_is_never_compressed(client, make_presentation, make_user):
    talk = make_presentation()
    client.force_login(make_user())
    client.post(f"/talks/{talk.pk}/interest/", {"interested": "1"})

    me = client.get("/me/", **GZIP)
    listing = client.get(f"/{talk.conference.slug}/", **GZIP)
    listing_again = client.get(f"/{talk.conference.slug}/", **GZIP)

    assert me.status_code == 200 and "/calendar/" in me.content.decode()
    assert me.get("Content-Encoding") is None
    assert listing["Content-Encoding"] == "gzip"
    # What the signed-in list does carry, the CSRF token, is masked afresh in every answer: nothing to guess.
    tokens = [
        re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', gzip.decompress(page.content).decode())
        for page in (listing, listing_again)
    ]
    assert tokens[0] and tokens[1] and set(tokens[0]).isdisjoint(tokens[1])
