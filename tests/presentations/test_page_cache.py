"""The page cache (presentations/page_cache.py): kept pages change when the schedule, an import or the
admin changes them, and only then; 304 while unchanged; signed-in people see their own marks, exact
counts and their own CSRF token on the shared copy, never another person's."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interests.models import Interest
from presentations.models import Conference, Presentation
from scraper.importer import import_schedule
from tests.presentations.test_admin import form_data
from tests.records import talk
from tests.scraper.test_importer import schedule

# Both kinds of views of the list and the talk page (tests/presentations/conftest.py).
pytestmark = pytest.mark.usefixtures("page_views")


def get(client, url: str, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    return response.content.decode(), len(queries)


def marked_ids(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'class="card[^"]*is-marked[^"]*" id="p-(\d+)"', html)}


def csrf_tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


@pytest.mark.django_db
def test_visitor_gets_the_kept_list_with_one_query_until_the_schedule_changes(client, make_presentation):
    first = make_presentation(title="Before the change")
    slug = first.conference.slug

    made, made_queries = get(client, f"/{slug}/")
    kept, kept_queries = get(client, f"/{slug}/")
    first.title = "After the change"
    first.save()
    changed, _ = get(client, f"/{slug}/")

    assert kept == made and "Before the change" in kept
    assert (made_queries, kept_queries) == (4, 1)  # the conference, and nothing else
    assert "After the change" in changed and "Before the change" not in changed


@pytest.mark.django_db
def test_kept_talk_page_and_grid_follow_a_saved_presentation(client, make_presentation):
    presentation = make_presentation(room="Room A")
    urls = [f"/talks/{presentation.pk}/", f"/{presentation.conference.slug}/grid/"]
    before = [get(client, url)[0] for url in urls]

    presentation.room = "Room B"
    presentation.save()
    after = [get(client, url)[0] for url in urls]

    assert ["Room B" in page for page in before] == [False, False]
    assert ["Room B" in page for page in after] == [True, True]


@pytest.mark.django_db
def test_import_changes_the_kept_pages_it_changed_and_no_other(client, make_presentation):
    other = make_presentation(title="Another conference's talk")
    import_schedule(schedule(talk(title="Machete-mode debugging")))
    get(client, "/pycon-2016/")
    get(client, f"/{other.conference.slug}/")
    other_version = Conference.objects.get(pk=other.conference_id).schedule_version

    import_schedule(schedule(talk(title="Machete-mode debugging, again")))
    page, _ = get(client, "/pycon-2016/")
    _, other_queries = get(client, f"/{other.conference.slug}/")

    assert "Machete-mode debugging, again" in page
    assert Conference.objects.get(pk=other.conference_id).schedule_version == other_version
    assert other_queries == 1  # still its kept copy


@pytest.mark.django_db
def test_import_that_only_adds_a_talk_changes_the_kept_pages(client):
    import_schedule(schedule(talk()))
    before = [get(client, url)[0] for url in ("/pycon-2016/", "/pycon-2016/grid/")]

    import_schedule(schedule(talk(), talk("1659", title="A talk the source added")))  # 1658 unchanged
    after = [get(client, url)[0] for url in ("/pycon-2016/", "/pycon-2016/grid/")]

    assert ["A talk the source added" in page for page in before + after] == [False, False, True, True]


@pytest.mark.django_db
def test_import_that_only_cancels_a_talk_changes_the_kept_page(client):
    import_schedule(schedule(talk(), talk("1659", title="Withdrawn")))
    before, _ = get(client, "/pycon-2016/")

    import_schedule(schedule(talk()), force=True)  # 1659 no longer listed
    after, _ = get(client, "/pycon-2016/")

    assert Presentation.objects.get(source_id="1659").status == Presentation.Status.CANCELLED
    assert after.count("Cancelled") > before.count("Cancelled")


@pytest.mark.django_db
def test_an_import_bumps_the_version_once_and_a_dry_run_not_at_all(make_conference):
    make_conference()  # another conference, which the import's own bumps leave alone
    import_schedule(schedule(talk()))
    version = Conference.objects.get(slug="pycon-2016").schedule_version
    records = [talk(room="Room B"), *(talk(str(n), title=f"Talk {n}") for n in range(2000, 2010))]

    import_schedule(schedule(*records), dry_run=True)
    unchanged = Conference.objects.get(slug="pycon-2016").schedule_version
    with CaptureQueriesContext(connection) as queries:
        import_schedule(schedule(*records))

    bumps = [q["sql"] for q in queries.captured_queries if '"schedule_version" = (' in q["sql"]]
    assert unchanged == version
    assert len(bumps) == 1  # not one per created, moved or recorded row
    assert Conference.objects.get(slug="pycon-2016").schedule_version == version + 1


@pytest.mark.django_db
def test_admin_save_changes_the_kept_page(client, make_presentation, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    presentation = make_presentation(title="Old title", speakers=["Ned Batchelder"])
    get(client, f"/{presentation.conference.slug}/")
    staff = Client()
    staff.force_login(get_user_model().objects.create_superuser("organiser", "o@example.org", "a-long-password-1"))

    staff.post(
        f"/admin/presentations/presentation/{presentation.pk}/change/", form_data(presentation, title="New title")
    )
    page, _ = get(client, f"/{presentation.conference.slug}/")

    assert "New title" in page and "Old title" not in page


@pytest.mark.django_db
def test_a_new_conference_changes_every_kept_page_for_the_header_switcher(client, make_presentation, make_conference):
    presentation = make_presentation()
    make_conference(name="The other conference")
    before, _ = get(client, f"/{presentation.conference.slug}/")

    make_conference(name="A third conference")
    after, _ = get(client, f"/{presentation.conference.slug}/")

    assert ("A third conference" in before, "A third conference" in after) == (False, True)


@pytest.mark.django_db
def test_saving_an_old_conference_instance_keeps_the_newer_version(make_presentation):
    presentation = make_presentation()
    stale = Conference.objects.get(pk=presentation.conference_id)
    presentation.title = "Changed"
    presentation.save()
    bumped = Conference.objects.get(pk=stale.pk).schedule_version

    stale.name = "Renamed"
    stale.save()

    assert Conference.objects.get(pk=stale.pk).schedule_version > bumped > stale.schedule_version


@pytest.mark.django_db
def test_unchanged_page_answers_304_and_a_changed_one_200(client, make_presentation):
    presentation = make_presentation()
    url = f"/{presentation.conference.slug}/"
    first = client.get(url)
    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    gzipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    gzipped_again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=gzipped["ETag"])

    presentation.title = "Changed"
    presentation.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert (first.status_code, first["Cache-Control"]) == (200, "no-cache")
    assert (by_etag.status_code, by_etag.content, by_date.status_code) == (304, b"", 304)
    assert (gzipped["Content-Encoding"], gzipped["ETag"], gzipped_again.status_code) == (
        "gzip",
        "W/" + first["ETag"],
        304,
    )
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


@pytest.mark.django_db
def test_signed_in_people_see_their_own_marks_counts_and_token_never_anothers(client, make_presentation, make_user):
    first = make_presentation(title="First")
    second = make_presentation(first.conference, title="Second")
    slug = first.conference.slug
    ada, bob = make_user(password=None), make_user(password=None)
    Interest.objects.create(user=ada, presentation=first)
    Interest.objects.create(user=bob, presentation=second)
    ada_client, bob_client = Client(), Client()
    ada_client.force_login(ada)
    bob_client.force_login(bob)

    pages = {}
    for name, who in [("ada", ada_client), ("bob", bob_client), ("ada again", ada_client), ("visitor", client)]:
        pages[name], _ = get(who, f"/{slug}/")
    Interest.objects.create(user=bob, presentation=first)  # counts move; the schedule does not
    bob_after, bob_queries = get(bob_client, f"/{slug}/")

    assert {name: marked_ids(page) for name, page in pages.items()} == {
        "ada": {first.pk},
        "bob": {second.pk},
        "ada again": {first.pk},
        "visitor": set(),
    }
    assert f'<meta name="offline-user" content="{ada.pk}">' in pages["ada"]
    assert f'<meta name="offline-user" content="{bob.pk}">' in pages["bob"]
    assert csrf_tokens(pages["ada"]) and csrf_tokens(pages["ada"]).isdisjoint(csrf_tokens(pages["bob"]))
    assert "csrfmiddlewaretoken" not in pages["visitor"]
    assert marked_ids(bob_after) == {first.pk, second.pk}
    counts = dict(re.findall(r'class="interest-count" data-presentation="(\d+)">(\d+)<', bob_after))
    assert counts == {str(first.pk): "2", str(second.pk): "1"}
    assert bob_queries <= 6


@pytest.mark.django_db
def test_token_on_a_kept_page_is_one_the_site_takes(make_presentation, make_user):
    presentation = make_presentation()
    user = make_user(password=None)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    get(strict, f"/{presentation.conference.slug}/")  # the copy is made
    page, _ = get(strict, f"/{presentation.conference.slug}/")  # and served
    token = csrf_tokens(page).pop()

    response = strict.post(f"/talks/{presentation.pk}/interest/", {"interested": "1", "csrfmiddlewaretoken": token})

    assert response.status_code == 303
    assert list(Interest.objects.values_list("user", "presentation")) == [(user.pk, presentation.pk)]


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_kept_pages_are_the_pages_rendered_afresh(client, make_presentation, make_user, settings, signed_in):
    hostile = make_presentation(title="<!--§card 1--> <!--§/card--> <!--§n-->", status="cancelled")
    plain = make_presentation(hostile.conference, description="Two\n\nparagraphs")
    plain.changes.create(field="room", old="Elsewhere", new=plain.room, at=plain.start)
    user = make_user(password=None)
    Interest.objects.create(user=user, presentation=hostile)
    if signed_in:
        client.force_login(user)
    urls = [
        f"/{plain.conference.slug}/",
        f"/talks/{plain.pk}/",
        f"/talks/{hostile.pk}/",
        f"/{plain.conference.slug}/grid/",
    ]

    def pages() -> list[str]:
        return [re.sub(r'csrfmiddlewaretoken" value="[^"]+', "", get(client, url)[0]) for url in urls]

    made, kept = pages(), pages()
    settings.PAGE_CACHE = False
    fresh = pages()

    assert made == kept == fresh


@pytest.mark.django_db
def test_page_cache_off_renders_every_time(client, make_presentation, settings):
    settings.PAGE_CACHE = False
    presentation = make_presentation(title="Before")
    get(client, f"/{presentation.conference.slug}/")

    Presentation.objects.filter(pk=presentation.pk).update(title="After")  # no signal, no new version
    page, queries = get(client, f"/{presentation.conference.slug}/")

    assert "After" in page and queries == 4
