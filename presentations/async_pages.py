"""Async views of the two pages a crowd opens after a keynote: a conference's list and a talk page.

The same pages, answers and queries as their sync views (presentations/views.py), served by coroutines
under ASGI: a copy kept in this process's memory is found, checked against the browser's ETag and sent
(gzipped or not) on the event loop; the conference, a signed-in person's marks and counts are read with
Django's async ORM; a page rendered afresh (templates, context processors) runs in one call to the sync
thread, as the whole sync view does.

`ASYNC_PAGES=1` routes the list and talk pages here (presentations/urls.py); off by default, the sync
views serve them. bench/crowd.py measures one against the other (docs/benchmarks.md, "A crowd on the
FOSDEM list"). In Django 5.2 the async ORM, the async cache API and session loading still run their work
in the sync thread, one hop there per call, and every middleware hops there with either kind of view.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import aget_object_or_404
from django.utils import timezone

from presentations import page_cache, page_store, views
from presentations.filters import ScheduleFilters
from presentations.models import Conference


async def schedule(request, slug: str):
    conference = await aget_object_or_404(Conference, slug=slug)
    with timezone.override(conference.tzinfo):
        return await page(
            request,
            conference,
            "presentations/schedule.html",
            lambda user: views.schedule_context(request, conference, user),
            shared=not ScheduleFilters.from_query(request.GET).mine,
        )


async def talk(request, pk: int):
    conference = await Conference.objects.filter(presentations=pk).afirst()
    if conference is None:
        raise Http404("No such presentation")
    with timezone.override(conference.tzinfo):
        return await page(request, conference, "presentations/talk.html", views.talk_context_of(pk))


async def page(request, conference: Conference, template: str, context_of, *, shared: bool = True):
    """page_cache.page, awaited: kept copies served from the loop, fresh renderings in the sync thread."""
    if not (settings.PAGE_CACHE and shared):
        return await _in_sync_thread(page_cache.page)(request, conference, template, context_of, shared=shared)
    request.user = user = await _user(request)  # the sync code below then reads it without a query
    if user.is_authenticated:
        return await _signed_in(request, conference, template, context_of)
    copy = await page_store.afetch(page_cache.key(request, conference, "visitor"))
    if copy is None:
        return await _in_sync_thread(page_cache.visitor_afresh)(request, conference, template, context_of)
    return page_cache.visitor_answer(request, copy)


async def _signed_in(request, conference: Conference, template: str, context_of) -> HttpResponse:
    copy = await page_store.afetch(page_cache.key(request, conference, "signed-in"))
    if copy is None:
        return await _in_sync_thread(page_cache.signed_in_afresh)(request, conference, template, context_of)
    rows = request.user.interests.filter(presentation__conference=conference).values_list("presentation_id", flat=True)
    marks = {pk async for pk in rows}
    counts = {pk: total async for pk, total in page_cache.counts_of(conference, copy.pks)}
    return HttpResponse(page_cache.assemble(copy, marks, counts, get_token(request), request.user.pk))


async def _user(request):
    """request.user, read as `request.auser()` would but for backends without `aget_user` (social-core's
    GitHub backend has none): a visitor's session, without a cookie, is read on the loop."""
    if await request.session.aget(auth.SESSION_KEY) is None:
        return AnonymousUser()
    return await _in_sync_thread(auth.get_user)(request)


def _in_sync_thread(function):
    # The conference's zone goes along: timezone.override is kept in a context variable, which asgiref
    # copies into the sync thread.
    return sync_to_async(function, thread_sensitive=True)
