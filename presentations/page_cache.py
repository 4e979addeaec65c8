"""The page cache: schedule pages made once per schedule version and served to everyone from memory.

After a keynote hundreds of people open the same list in the same minute; each used to render it afresh
(FOSDEM's one-day list: 433 cards, 850 kB, a few hundred milliseconds). Now a page is rendered once per
conference, schedule version, URL and host, kept in this process's memory and in Redis (shared by every
process), and served from there:

- to visitors, as it is (and gzipped once, when it is kept), with an ETag and Last-Modified, 304 when the
  browser holds it already;
- to signed-in people, from a copy rendered for a stand-in signed-in person, twice (every card unmarked,
  every card marked): each answer takes, card by card, the marked or the unmarked copy by the person's own
  marks, puts in their current interest counts, their CSRF token and their id. Nothing of one person is
  ever kept, so nobody's marks can reach anybody else;
- a page only its person sees ("Only my talks") is rendered for them each time, but its cards come from
  the conference's cards, kept the same way (presentations/stand_in.py).

The version (`Conference.schedule_version`, presentations/schedule_version.py) is bumped in the same
transaction as the change it stands for: a presentation, change record or speaker's bio saved or deleted
(import, scrape, admin, shell) bumps its conference; a conference saved or deleted bumps every conference
(the header lists them all). The key is read before the page is rendered, so a page is never kept under a
version newer than its data. Copies live in presentations/page_store.py. Interest counts do not
bump it: a visitor's copy may show counts up to PAGE_CACHE_SECONDS old, which the page's socket corrects
at once (its first frame, `snapshot`, carries every count); signed-in people get exact counts.

PAGE_CACHE=0 turns it off. docs/deploy.md, "Page cache".
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.utils.text import compress_string

from presentations import page_store
from presentations.gzipped import accepts_gzip
from presentations.models import Conference, Presentation
from presentations.queries import interested_ids
from presentations.stand_in import COUNT, StandIn, card_copies, cut, fill, for_person, stand_in_secret


def _templates_version() -> str:
    """Changes with any template, so a deploy never serves another version's markup from Redis."""
    digest = hashlib.sha256()
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*.html")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


_TEMPLATES = _templates_version()


# --- what is kept ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitorCopy:
    body: bytes
    gzipped: bytes
    etag: str
    modified: int

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped)


@dataclass(frozen=True)
class SignedInCopy:
    """The page between the cards (`between`, one more than the cards), and each card unmarked and marked."""

    between: tuple[str, ...]
    pks: tuple[int, ...]
    unmarked: tuple[str, ...]
    marked: tuple[str, ...]

    @property
    def size(self) -> int:
        return sum(map(len, self.between)) + sum(map(len, self.unmarked)) + sum(map(len, self.marked))


def signed_in_copy(unmarked: str, marked: str) -> SignedInCopy | None:
    """The copy, or None when the two renderings differ anywhere but inside cards (then nothing is kept)."""
    between, pks, plain = cut(unmarked)
    between_marked, pks_marked, with_marks = cut(marked)
    if between != between_marked or pks != pks_marked:
        return None
    return SignedInCopy(tuple(between), tuple(pks), tuple(plain), tuple(with_marks))


# --- serving --------------------------------------------------------------------------------------------

# What a page's view gives the cache: user -> (context, shown): the page's context with that user's marks
# (`PresentationQuerySet.with_marks`), and the presentations whose `marked` its cards read.
ContextOf = Callable[[object], tuple[dict, list]]


def key(request, conference: Conference, kind: str, *, of_url: bool = True) -> str:
    """Everything the kept copy depends on but the person: code, conference and its version, URL, host.
    `of_url=False` for a copy that is the same on every page of the conference (its cards)."""
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&"))) if of_url else ""
    parts = [
        _TEMPLATES,
        str(page_store.generation()),
        str(conference.pk),
        # With the id, tells this database's conference from one of a database made anew (same id, same
        # version) while Redis kept the old copies.
        conference.created.isoformat() if conference.created else "",
        str(conference.schedule_version),
        kind,
        request.scheme,
        request.get_host(),
        # Pages under ASGI point their socket at /ws/; under WSGI (tests' live server) at nothing.
        "asgi" if hasattr(request, "scope") else "wsgi",
        request.path if of_url else "",
        query,
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def page(request, conference: Conference, template: str, context_of: ContextOf, *, shared: bool = True):
    """The answer to `request` for a page of `conference`: from a kept copy, or rendered (and kept).

    `shared=False` for a page that only its person can see (`mine=1`): rendered every time, never kept,
    its cards taken from the conference's kept cards (presentations/stand_in.py)."""
    if not settings.PAGE_CACHE:
        context, _shown = context_of(request.user)
        return render(request, template, context)
    if not shared:
        return one_person(request, conference, template, context_of)
    if request.user.is_authenticated:
        return _signed_in(request, conference, template, context_of)
    return visitor(request, conference, template, context_of)


@dataclass(frozen=True)
class Fragment:
    html: str

    @property
    def size(self) -> int:
        return len(self.html)


def fragment(request, conference: Conference, kind: str, render: Callable[[], str]) -> str:
    """A piece of a page that is the same for everyone at its URL (the list's filter form), kept like a
    page: the pages rendered for one person take it from here."""
    if not settings.PAGE_CACHE:
        return render()
    fragment_key = key(request, conference, kind)
    kept = page_store.fetch(fragment_key)
    if kept is None:
        kept = Fragment(render())
        page_store.keep(fragment_key, kept)
    return mark_safe(kept.html)  # rendered by the template engine, which escaped it


def one_person(request, conference: Conference, template: str, context_of: ContextOf) -> HttpResponse:
    """A page for `request.user` alone, its cards from the conference's kept cards (presentations/stand_in.py)."""
    context, shown = context_of(request.user)
    if not (request.user.is_authenticated and all(p.marked for p in shown if p.accepts_interest)):
        return render(request, template, context)
    copies = card_copies(request, conference, key(request, conference, "cards", of_url=False), shown)
    html = render_to_string(template, {**context, "card_slots": True}, request=request)
    return HttpResponse(fill(request, html, copies, shown))


def visitor(request, conference: Conference, template: str, context_of: ContextOf) -> HttpResponse:
    copy = page_store.fetch(key(request, conference, "visitor"))
    if copy is None:
        return visitor_afresh(request, conference, template, context_of)
    return visitor_answer(request, copy)


def visitor_afresh(request, conference: Conference, template: str, context_of: ContextOf) -> HttpResponse:
    """Renders the visitors' copy (and keeps it), then answers from it."""
    context, _shown = context_of(request.user)
    body = render_to_string(template, context, request=request).encode()
    if b"csrfmiddlewaretoken" in body:  # a form's token is one visitor's: such a page is never shared
        return HttpResponse(body)
    copy = VisitorCopy(
        body=body,
        gzipped=compress_string(body),
        etag='"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"',
        modified=int(time.time()),
    )
    page_store.keep(key(request, conference, "visitor"), copy)
    return visitor_answer(request, copy)


def visitor_answer(request, copy: VisitorCopy) -> HttpResponse:
    gzip = accepts_gzip(request)
    response = get_conditional_response(request, etag=copy.etag, last_modified=copy.modified)
    if response is None:
        response = HttpResponse(copy.gzipped if gzip else copy.body)
        if gzip:
            # Compressed once, when kept (presentations/gzipped.py).
            response["Content-Encoding"] = "gzip"
    response["ETag"] = "W/" + copy.etag if gzip else copy.etag
    response["Last-Modified"] = http_date(copy.modified)
    # Browsers and proxies may keep it, but ask again each time: a changed schedule shows at once.
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _signed_in(request, conference: Conference, template: str, context_of: ContextOf) -> HttpResponse:
    copy = page_store.fetch(key(request, conference, "signed-in"))
    if copy is None:
        return signed_in_afresh(request, conference, template, context_of)
    marks = interested_ids(request.user, conference)
    counts = dict(counts_of(conference, copy.pks))
    return HttpResponse(assemble(copy, marks, counts, get_token(request), request.user.pk))


def signed_in_afresh(request, conference: Conference, template: str, context_of: ContextOf) -> HttpResponse:
    """Renders the shared copy for the stand-in (and keeps it), then answers `request.user` from it."""
    marks = interested_ids(request.user, conference)
    nobody = StandIn()
    # Read as a visitor would (nothing marked), shown as to the stand-in.
    context, shown = context_of(AnonymousUser())
    context = {**context, "user": nobody, "csrf_token": stand_in_secret("csrf"), "page_cache_marks": True}
    unmarked = render_to_string(template, context, request=request)
    for presentation in shown:
        presentation.marked = True
    marked = render_to_string(template, context, request=request)
    copy = signed_in_copy(unmarked, marked)
    if copy is None:  # marks show outside the cards: render this page for this person alone
        context, _shown = context_of(request.user)
        return render(request, template, context)
    page_store.keep(key(request, conference, "signed-in"), copy)
    # Just read with the page: no second query for them.
    counts = {presentation.pk: presentation.interest_total for presentation in shown}
    return HttpResponse(assemble(copy, marks, counts, get_token(request), request.user.pk))


def assemble(copy: SignedInCopy, marks, counts: dict[int, int], csrf_token: str, user_pk) -> str:
    """The page for one person: each card marked or not by their `marks`, their counts, token and id."""
    pieces = [copy.between[0]]
    for pk, unmarked, marked, after in zip(copy.pks, copy.unmarked, copy.marked, copy.between[1:], strict=True):
        pieces.append((marked if pk in marks else unmarked).replace(COUNT, str(counts.get(pk, 0))))
        pieces.append(after)
    return for_person("".join(pieces), csrf_token, user_pk)


def counts_of(conference: Conference, pks: tuple[int, ...]):
    """(pk, interest count) of the page's presentations now, one query (evaluated by the caller)."""
    rows = Presentation.objects.filter(pk=pks[0]) if len(pks) == 1 else Presentation.objects.of(conference)
    return rows.filter(interests__isnull=False).annotate(total=Count("interests")).values_list("pk", "total")
