"""Pages rendered for a stand-in: the signed-in person, nobody in particular, whom the page cache
(presentations/page_cache.py) renders its shared copies for, and the cards kept for the pages that only
their own person sees.

A page rendered for a stand-in marks each card and its count (`page_cache_marks`), and carries
unguessable stand-ins for the CSRF token, the person's id and the page's own address; an answer puts in
the person's own. Nothing of one person is ever kept.

"Only my talks" (`?mine=1`) is one person's page alone: its cards are theirs, so the page cannot be
shared. Its cards can: each card of a conference is rendered marked (every card on that page is) when a
page first shows it, and kept like a page, per schedule version (`CardCopies`). The person's page is
rendered with `card_slots` set, which writes a slot where each card goes, and `fill` puts in each card
with their counts, token and the page's address. The answer is the page as rendered for them alone, to
the byte (tests/presentations/test_card_copies.py): FOSDEM's, with 126 cards, took most of its time to
render them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape

from presentations import page_store

# Markers the templates write around each card and in place of its count when `page_cache_marks` is set,
# and in place of each card when `card_slots` is. They start with "<!--", which no text of a presentation
# can produce (all of it is escaped), so a title cannot fake one.
CARD = re.compile(r"<!--§card (\d+)-->(.*?)<!--§/card-->", re.S)
COUNT = "<!--§n-->"
SLOT = re.compile(r"<!--§slot (\d+)-->")


def stand_in_secret(purpose: str) -> str:
    # Stand-ins for the CSRF token, the person's id and the page's address inside attribute values
    # (escaped there, so not markers): unguessable, and the same in every process, which share the Redis copy.
    return hmac.new(settings.SECRET_KEY.encode(), purpose.encode(), hashlib.sha256).hexdigest()[:32]


class StandIn:
    """The signed-in person a shared copy is rendered for: signed in, nobody in particular."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_superuser = False

    def __init__(self) -> None:
        self.pk = self.id = stand_in_secret("user")


def cut(html: str) -> tuple[list[str], list[int], list[str]]:
    """A page rendered with `page_cache_marks`: what lies between the cards, the cards' ids, the cards."""
    parts = CARD.split(html)
    return parts[0::3], [int(pk) for pk in parts[1::3]], parts[2::3]


@dataclass(frozen=True)
class CardCopies:
    """Every card of a conference that takes marks, by id, marked, as rendered for the stand-in."""

    marked: dict[int, str]

    @property
    def size(self) -> int:
        return sum(map(len, self.marked.values()))


def card_copies(request, conference, key: str, shown) -> CardCopies:
    """The conference's kept cards (under `key`, which names its schedule version), with every card of
    `shown` (each marked) among them: those missing are rendered and kept with the others."""
    copies = page_store.fetch(key) or CardCopies({})
    missing = [p for p in shown if p.accepts_interest and p.pk not in copies.marked]
    if missing:
        context = {
            "conference": conference,
            "cards": missing,
            "user": StandIn(),
            "csrf_token": stand_in_secret("csrf"),
            "back": stand_in_secret("here"),
            "page_cache_marks": True,
        }
        _between, pks, cards = cut(render_to_string("presentations/_cards.html", context, request=request))
        copies = CardCopies({**copies.marked, **dict(zip(pks, cards, strict=True))})
        page_store.keep(key, copies)
    return copies


def fill(request, html: str, copies: CardCopies, shown) -> str:
    """`html`, rendered with `card_slots` for `request.user`, with each slot its card (of `shown`, every
    one marked), the person's counts, token and the page's address."""
    by_pk = {presentation.pk: presentation for presentation in shown}

    def card(slot: re.Match) -> str:
        presentation = by_pk[int(slot[1])]
        return copies.marked[presentation.pk].replace(COUNT, str(presentation.interest_total))

    html, slots = SLOT.subn(card, html)
    if not slots:
        return html
    # The address last: it is the one part a link's author chooses.
    html = for_person(html, get_token(request), request.user.pk)
    return html.replace(stand_in_secret("here"), escape(request.get_full_path()))


def for_person(html: str, csrf_token: str, user_pk) -> str:
    """`html`, rendered for the stand-in, with the person's own CSRF token and id in place of its stand-ins."""
    return html.replace(stand_in_secret("csrf"), csrf_token).replace(stand_in_secret("user"), str(user_pk))
