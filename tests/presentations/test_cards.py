"""Cards cost little: the description's HTML is made once when a presentation is saved (create, import,
admin, and a data migration for stored ones) and shown on the talk page, which cards link to; cards come
from one template per slot whose copies of the badges and the interest control stay the same as the
partials the talk page includes, and ids are never localised."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from presentations import clock
from presentations.models import Presentation
from scraper.importer import import_schedule
from tests.records import talk
from tests.scraper.test_importer import schedule

HTML = "<p>Read <b>this</b> &amp; that.<br>Then this.</p>\n\n<p>A second paragraph.</p>"
DESCRIPTION = "Read <b>this</b> & that.\nThen this.\n\nA second paragraph."
ESCAPED = "<p>Read &lt;b&gt;this&lt;/b&gt; &amp; that.<br>Then this.</p>\n\n<p>A second paragraph.</p>"


@pytest.mark.django_db
def test_description_html_is_made_on_create_and_on_a_partial_save(make_presentation):
    created = make_presentation(description=DESCRIPTION)
    created.description = "One line."
    created.save(update_fields=["description"])
    empty = make_presentation(description="")

    created.refresh_from_db()
    assert (created.description_html, empty.description_html) == ("<p>One line.</p>", "")
    assert make_presentation(description=DESCRIPTION).description_html == ESCAPED


@pytest.mark.django_db
def test_description_html_follows_an_import_and_a_reimport():
    import_schedule(schedule(talk(description="First.")))
    first = Presentation.objects.get().description_html

    import_schedule(schedule(talk(description="Reworded.\nTwice.")))

    assert (first, Presentation.objects.get().description_html) == ("<p>First.</p>", "<p>Reworded.<br>Twice.</p>")


@pytest.mark.django_db
def test_description_html_follows_an_admin_save(client, make_presentation, settings):
    from tests.presentations.test_admin import form_data

    settings.TIME_ZONE = "America/Los_Angeles"
    client.force_login(get_user_model().objects.create_superuser("organiser", "o@example.org", "a-long-password-1"))
    presentation = make_presentation(description="Old.", speakers=["Ned Batchelder"])

    client.post(
        f"/admin/presentations/presentation/{presentation.pk}/change/",
        form_data(presentation, description="New <i>words</i>."),
    )

    presentation.refresh_from_db()
    assert presentation.description_html == "<p>New &lt;i&gt;words&lt;/i&gt;.</p>"


@pytest.mark.django_db
def test_data_migration_fills_description_html_of_stored_presentations(make_presentation):
    stored = [make_presentation(description=DESCRIPTION), make_presentation(description="")]
    Presentation.objects.update(description_html="")  # as the rows were before the migration
    migration = importlib.import_module("presentations.migrations.0005_description_html")

    migration.fill_description_html(apps, schema_editor=None)

    assert dict(Presentation.objects.values_list("pk", "description_html")) == {
        stored[0].pk: ESCAPED,
        stored[1].pk: "",
    }


@pytest.mark.django_db
def test_list_card_links_to_the_description_that_its_talk_page_shows(client, make_presentation):
    presentation = make_presentation(description=DESCRIPTION)

    listed = client.get(f"/{presentation.conference.slug}/").content.decode()
    talk_page = client.get(f"/talks/{presentation.pk}/").content.decode()

    link = (
        f'<a href="/talks/{presentation.pk}/#description" aria-describedby="title-{presentation.pk}">'
        "Read it on the talk page</a>"
    )
    summary = '<details class="description"><summary>Description</summary>'
    assert f'{summary}<p class="description-link">{link}</p>' in listed
    assert ESCAPED not in listed
    assert f'<section class="talk-text" id="description"><h2>Description</h2>{ESCAPED}</section>' in talk_page


def block(html: str, pattern: str) -> str:
    match = re.search(pattern, html, re.S)
    assert match, pattern
    return match.group(0)


INTEREST = r'<div class="interest">.*?</div>'
BADGE = r'<(span|a) class="badge badge-(cancelled|moved)".*?</(span|a)>'


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
@pytest.mark.parametrize("status", ["scheduled", "cancelled"])
def test_card_copies_of_badges_and_interest_match_the_talk_pages_partials(
    client, make_presentation, make_user, signed_in, status
):
    presentation = make_presentation(status=status)
    presentation.changes.create(field="room", old="Elsewhere", new=presentation.room, at=presentation.start)
    if signed_in:
        client.force_login(make_user(password=None))
    listing = client.get(f"/{presentation.conference.slug}/").content.decode()
    page = client.get(f"/talks/{presentation.pk}/").content.decode()
    grid = client.get(f"/{presentation.conference.slug}/grid/").content.decode()

    # Only where each comes back to differs: the card's form returns to the card on the list.
    card_interest, page_interest = (
        re.sub(r'(name="next" value="|\?next=|csrfmiddlewaretoken" value=")[^"&]*', r"\1…", block(html, INTEREST))
        for html in (listing, page)
    )
    assert card_interest == page_interest
    assert block(listing, BADGE) == block(page, BADGE) == block(grid, BADGE)


@pytest.mark.django_db
def test_ids_and_counts_are_never_localised(client, make_presentation, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    presentation = make_presentation(pk=1234567)

    pages = [
        client.get(f"/{presentation.conference.slug}/").content.decode(),
        client.get(f"/{presentation.conference.slug}/grid/").content.decode(),
        client.get(f"/talks/{presentation.pk}/").content.decode(),
    ]

    assert [page.count("1,234,567") for page in pages] == [0, 0, 0]
    assert [page.count('data-presentation="1234567"') for page in pages] == [2, 1, 2]


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_card_pages_look_up_no_missing_name(client, make_presentation, make_user, monkeypatch, signed_in):
    """Each name a card reads exists in the context: a missing one is a failed lookup per card."""
    from django.template import base

    presentation = make_presentation(speakers=["Ada Lovelace"])
    if signed_in:
        client.force_login(make_user())
    lookup = base.Variable._resolve_lookup
    missing = []

    def counting(variable, context):
        try:
            return lookup(variable, context)
        except base.VariableDoesNotExist:
            missing.append(variable.var)
            raise

    monkeypatch.setattr(base.Variable, "_resolve_lookup", counting)
    slug = presentation.conference.slug
    day = clock.local(presentation.start, presentation.conference).date().isoformat()
    for path in (f"/{slug}/", f"/{slug}/?mine=1", f"/{slug}/grid/?day={day}", f"/talks/{presentation.pk}/"):
        assert client.get(path, secure=True).status_code == 200, path

    assert missing == []
