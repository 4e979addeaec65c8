"""The kept cards (presentations/stand_in.py): "Only my talks" filled from them is the page rendered for
its person alone, to the byte (but the CSRF token, masked afresh for every answer), kept or not, and
follows every change: a mark, a count, an edit, a card the copies lack."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from interests.models import Interest
from presentations import page_store
from presentations.models import Presentation
from presentations.stand_in import CardCopies

# Both kinds of views of the list and the talk page (tests/presentations/conftest.py).
pytestmark = pytest.mark.usefixtures("page_views")

URLS = [
    "/pycon-2016/?mine=1",
    "/pycon-2016/?mine=1&q=coroutines",
    # The page's own address goes into every card's form, escaped: quotes, brackets, an ampersand, an accent.
    "/pycon-2016/?mine=1&from=caf%C3%A9%22%3Cb%3E%26%27",
    "/pycon-2016/?mine=1&day=2016-05-31",
]
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return TOKEN.sub(r"\1TOKEN\2", response.content.decode())


def rendered_alone(client: Client, url: str, settings) -> str:
    settings.PAGE_CACHE = False
    try:
        return page(client, url)
    finally:
        settings.PAGE_CACHE = True


@pytest.fixture
def marking(conference, make_user, settings):
    """A person who marked every talk that takes marks, the cancelled one too; another who marked one;
    the page cache on."""
    settings.PAGE_CACHE = True
    person, other = make_user(password=None), make_user(password=None)
    talks = [p for p in Presentation.objects.filter(conference=conference) if p.accepts_interest]
    for presentation in talks:
        Interest.objects.create(user=person, presentation=presentation)
    Interest.objects.create(user=other, presentation=talks[0])
    client = Client()
    client.force_login(person)
    return client, person, talks


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_my_talks_from_the_kept_cards_is_the_page_rendered_alone(marking, url, settings):
    client, _person, _talks = marking

    made, kept = page(client, url), page(client, url)
    alone = rendered_alone(client, url, settings)

    assert made == kept == alone
    assert "<!--§" not in made and made.count('class="card') >= 1
    assert kept_cards(), "the cards were not kept"


def kept_cards() -> list[CardCopies]:
    return [value for _expires, _size, value in page_store._memory.items.values() if isinstance(value, CardCopies)]


@pytest.mark.django_db
def test_my_talks_from_the_kept_pieces_shows_each_mark_count_and_edit_at_once(marking, make_user, settings):
    client, _person, talks = marking
    url = URLS[0]
    page(client, url)  # the cards are kept

    Interest.objects.create(user=make_user(password=None), presentation=talks[1])
    Interest.objects.filter(presentation=talks[2]).delete()
    talks[0].title = "Retitled & moved"
    talks[0].room = "A new room"
    talks[0].save()
    after = page(client, url)

    assert after == rendered_alone(client, url, settings)
    assert "Retitled &amp; moved" in after
    assert '<option value="A new room">' in after  # the kept filter form too
    assert f'id="p-{talks[2].pk}"' not in after


@pytest.mark.django_db
def test_a_card_the_kept_copies_lack_is_rendered_and_kept(marking, conference, settings):
    client, person, _talks = marking
    url = URLS[0]
    page(client, url)  # the cards are kept
    # Written past the model (no version bump): the kept cards do not have it.
    added = Presentation.objects.bulk_create(
        [Presentation(conference=conference, source_id="added", title="Added behind the cache's back", kind="talk")]
    )[0]
    Interest.objects.create(user=person, presentation=added)

    after = page(client, url)

    # The counts in the header are kept per schedule version, which this write did not bump: compare cards.
    assert cards(after) == cards(rendered_alone(client, url, settings))
    assert "Added behind the cache&#x27;s back" in cards(after)[added.pk]
    assert [added.pk in copies.marked for copies in kept_cards()] == [True]


def cards(html: str) -> dict[int, str]:
    found = re.findall(r'(?s)(<article class="card[^"]*" id="p-(\d+)".*?</article>)', html)
    return {int(pk): card for card, pk in found}
