"""The manifest, the service worker's script and the offline copy of a conference, as browsers get them."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.test import override_settings

from interests.models import Interest
from presentations.models import ScheduleChange

TZ = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def conference(make_conference, make_presentation):
    conference = make_conference(slug="pycon-2016", name="PyCon US 2016", start_date=date(2016, 5, 30))
    make_presentation(conference, title="Machete-mode debugging", start=datetime(2016, 5, 30, 10, 50, tzinfo=TZ))
    make_presentation(conference, title="Sunday talk", start=datetime(2016, 5, 31, 13, 0, tzinfo=TZ))
    return conference


def test_manifest_names_the_app_its_icons_and_the_current_conference(client, conference):
    response = client.get("/manifest.webmanifest")

    assert response["Content-Type"] == "application/manifest+json"
    assert json.loads(response.content) == {
        "id": "/",
        "name": "PyCon Guide",
        "short_name": "PyCon Guide",
        "description": "The conference schedule and your talks, online or off.",
        "start_url": "/pycon-2016/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f5f99",
        "icons": [
            {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": "/static/icons/maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        ],
    }


def test_manifest_without_a_conference_starts_at_the_home_page(client, db):
    assert json.loads(client.get("/manifest.webmanifest").content)["start_url"] == "/"


def test_every_page_links_the_manifest(client, conference):
    for path in ("/pycon-2016/", "/pycon-2016/grid/", "/login/", "/offline/"):
        document = lxml.html.fromstring(client.get(path).content)
        assert [link.get("href") for link in document.cssselect('link[rel="manifest"]')] == ["/manifest.webmanifest"]


def test_service_worker_is_served_for_the_whole_site_and_rechecked(client, db):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    source = response.content.decode()
    assert 'importScripts("/static/js/offline-store.js");' in source
    assert '"/static/css/site.css"' in source and '"/static/icons/maskable-512.png"' in source
    assert "__VERSION__" not in source and "__STATIC__" not in source


def version_of(client) -> str:
    source = client.get("/sw.js").content.decode()
    return source.split('var VERSION = "', 1)[1].split('"', 1)[0]


def test_service_worker_version_changes_with_a_deploy(client, db):
    first = version_of(client)
    with override_settings(OFFLINE_VERSION="next deploy"):
        second = version_of(client)

    assert len(first) == 12 and first != second
    assert version_of(client) == first


def test_offline_copy_names_every_page_and_renders_every_talk(client, conference):
    response = client.get("/pycon-2016/offline.json")

    copy = json.loads(response.content)
    assert response["Cache-Control"].startswith("max-age=0")
    assert copy["conference"] == {"slug": "pycon-2016", "name": "PyCon US 2016", "days": ["2016-05-30", "2016-05-31"]}
    assert copy["pages"] == [
        "/pycon-2016/",
        "/pycon-2016/?day=2016-05-30",
        "/pycon-2016/?day=2016-05-31",
        "/pycon-2016/grid/",
        "/pycon-2016/grid/?day=2016-05-30",
        "/pycon-2016/grid/?day=2016-05-31",
        "/pycon-2016/changes/",
        "/offline/",
    ]
    talks = list(conference.presentations.values_list("pk", flat=True))
    assert sorted(copy["talks"]) == sorted(f"/talks/{pk}/" for pk in talks)
    assert (copy["user"], copy["marked"]) == (None, [])
    for pk in talks:
        assert copy["talks"][f"/talks/{pk}/"] == client.get(f"/talks/{pk}/").content.decode()


def test_offline_copy_for_a_user_has_their_marks_and_me(client, conference, make_user):
    user = make_user()
    first, second = conference.presentations.order_by("start")
    Interest.objects.create(user=user, presentation=second)
    ScheduleChange.objects.create(
        presentation=first, field="room", old="Room B", new="Room A", at=datetime(2016, 5, 1, tzinfo=TZ)
    )
    client.force_login(user)

    copy = json.loads(client.get("/pycon-2016/offline.json").content)

    assert (copy["user"], copy["marked"], copy["pages"][-1]) == (user.pk, [second.pk], "/me/")
    marked = lxml.html.fromstring(copy["talks"][f"/talks/{second.pk}/"])
    assert marked.cssselect(".interest-button")[0].text_content() == "Remove from Calendar"
    moved = lxml.html.fromstring(copy["talks"][f"/talks/{first.pk}/"])
    assert "Room" in moved.cssselect(".talk-changes")[0].text_content()


def test_offline_copy_of_an_unknown_conference_is_404(client, db):
    assert client.get("/no-such/offline.json").status_code == 404


def test_offline_copy_reads_the_database_the_same_number_of_times_for_1_and_many_talks(
    client, conference, make_presentation, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        client.get("/pycon-2016/offline.json")
    for n in range(10):
        make_presentation(conference, title=f"More {n}", start=datetime(2016, 5, 30, 14, n, tzinfo=TZ))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/pycon-2016/offline.json")


def test_offline_page_is_our_own(client, db):
    document = lxml.html.fromstring(client.get("/offline/").content)

    assert document.cssselect("h1")[0].text_content() == "You are offline"
    assert document.cssselect(".offline-saved-list")
