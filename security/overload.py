"""An overloaded site answers 503 with Retry-After, at once and in a few bytes, never a 500.

Django's ASGI handler runs each request's sync code (middleware, views) on a thread of its own, so a Granian
worker with a hundred requests in flight runs a hundred threads, each wanting a PostgreSQL connection from a
pool of DB_POOL_MAX_SIZE. Beyond the pool they waited DB_POOL_TIMEOUT seconds and failed with psycopg_pool's
PoolTimeout, which Django answered with 500 (bench/crowd.py at 200 clients; docs/deploy.md, "Processes").

`Admission`, around Django's ASGI application: at most HTTP_CONCURRENCY requests of this process inside
Django at once (by default the pool's max_size, so every admitted request finds a connection); the others
wait their turn on the event loop, in order, and one that has waited HTTP_QUEUE_SECONDS is answered 503
with Retry-After without entering Django, so nothing of it was done. `server_error`, Django's handler500:
a pool that still runs dry (another user of the pool, PostgreSQL away) gives the same 503, not a 500.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.defaults import server_error as django_server_error

log = logging.getLogger(__name__)

RETRY_AFTER = 5  # seconds
DETAIL = "The site is busy right now. Please try again in a few seconds."
PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Busy · PyCon Guide</title>'
    '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
    f"<body><h1>Busy</h1><p>{DETAIL}</p></body></html>"
)
HEADERS = {"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"}


def _wants_json(accept: str) -> bool:
    return "application/json" in accept and "text/html" not in accept


def _body(accept: str) -> tuple[bytes, str]:
    if _wants_json(accept):
        return json.dumps({"error": "unavailable", "detail": DETAIL}).encode(), "application/json"
    return PAGE.encode(), "text/html; charset=utf-8"


class Admission:
    """At most `settings.HTTP_CONCURRENCY` requests in the application at once (0: no limit)."""

    def __init__(self, app) -> None:
        self.app = app
        self.limit = settings.HTTP_CONCURRENCY
        self.wait = settings.HTTP_QUEUE_SECONDS
        self.slots: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}
        self.refused = 0
        self.said = 0.0

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self.limit:
            return await self.app(scope, receive, send)
        loop = asyncio.get_running_loop()
        slots = self.slots.setdefault(loop, asyncio.Semaphore(self.limit))
        try:
            async with asyncio.timeout(self.wait):
                await slots.acquire()
        except TimeoutError:
            return await self.refuse(scope, send)
        try:
            return await self.app(scope, receive, send)
        finally:
            slots.release()

    async def refuse(self, scope, send) -> None:
        self.refused += 1
        if time.monotonic() - self.said > 10:  # one line per 10 s, however many were refused
            log.warning(
                "overloaded: %d requests answered 503 after %.1f s waiting for one of %d places",
                self.refused,
                self.wait,
                self.limit,
            )
            self.refused, self.said = 0, time.monotonic()
        headers = dict(scope.get("headers") or ())
        body, content_type = _body(headers.get(b"accept", b"").decode("latin-1"))
        await send(
            {
                "type": "http.response.start",
                "status": 503,
                "headers": [
                    (b"content-type", content_type.encode()),
                    (b"content-length", str(len(body)).encode()),
                    *((name.lower().encode(), value.encode()) for name, value in HEADERS.items()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def pool_ran_dry(error: BaseException | None) -> bool:
    """Whether `error` (or what caused it) is psycopg_pool's: no connection within the timeout, or too many
    waiting for one."""
    try:
        from psycopg_pool import PoolTimeout, TooManyRequests
    except ImportError:  # no pool installed: it cannot have run dry
        return False
    while error is not None:
        if isinstance(error, PoolTimeout | TooManyRequests):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request, *args, **kwargs):
    """handler500: 503 with Retry-After when the database pool ran dry, Django's own 500 page otherwise."""
    if not pool_ran_dry(sys.exc_info()[1]):
        return django_server_error(request, *args, **kwargs)
    if _wants_json(request.headers.get("Accept", "")):
        return JsonResponse({"error": "unavailable", "detail": DETAIL}, status=503, headers=HEADERS)
    return HttpResponse(PAGE, status=503, headers=HEADERS)
