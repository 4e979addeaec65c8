"""An overloaded site answers 503 with Retry-After, never 500: past the admission limit (security/overload.py),
and when PostgreSQL's pool runs dry all the same."""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client, override_settings

from security.overload import DETAIL, PAGE, Admission
from tests.pyconguide.test_settings import run_settings

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the pool is PostgreSQL's: run with DATABASE_URL=postgres://…"
)


def http_scope(accept: str = "text/html") -> dict:
    return {"type": "http", "method": "GET", "path": "/", "headers": [(b"accept", accept.encode())]}


async def call(app, scope: dict) -> list[dict]:
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return sent


@pytest.mark.asyncio
async def test_admission_answers_503_with_retry_after_once_the_queue_wait_is_over():
    entered, release = [], asyncio.Event()

    async def slow_site(scope, receive, send):
        entered.append(scope["path"])
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"page"})

    with override_settings(HTTP_CONCURRENCY=1, HTTP_QUEUE_SECONDS=0.2):
        admission = Admission(slow_site)
    first = asyncio.create_task(call(admission, http_scope()))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    page = await call(admission, http_scope())
    as_json = await call(admission, http_scope("application/json"))
    waited = time.monotonic() - started
    release.set()
    served = await first

    assert entered == ["/"]  # the refused requests never reached the site
    assert [message.get("status") for message in served] == [200, None]
    assert page[0]["status"] == as_json[0]["status"] == 503
    assert dict(page[0]["headers"])[b"retry-after"] == b"5"
    assert page[1]["body"] == PAGE.encode()
    assert json.loads(as_json[1]["body"]) == {"error": "unavailable", "detail": DETAIL}
    assert 0.4 <= waited < 2  # each waited its 0.2 s, then was answered at once


@pytest.mark.asyncio
async def test_admission_lets_waiting_requests_in_as_places_free_in_order():
    order = []

    async def site(scope, receive, send):
        order.append(scope["path"])
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    with override_settings(HTTP_CONCURRENCY=2, HTTP_QUEUE_SECONDS=5):
        admission = Admission(site)
    answers = await asyncio.gather(*(call(admission, {**http_scope(), "path": f"/{n}"}) for n in range(6)))

    assert [answer[0]["status"] for answer in answers] == [200] * 6
    assert order == [f"/{n}" for n in range(6)]


def test_settings_admit_as_many_requests_as_the_pool_holds_by_default():
    code = "print(s.HTTP_CONCURRENCY, s.HTTP_QUEUE_SECONDS)"
    postgres = "postgres://postgres@127.0.0.1:5432/test"

    assert run_settings({"DATABASE_URL": postgres, "DB_POOL_MAX_SIZE": "6"}, code).stdout.strip() == "6 5.0"
    assert run_settings({"DATABASE_URL": postgres, "DB_POOL": "0"}, code).stdout.strip() == "0 5.0"
    assert run_settings({"HTTP_CONCURRENCY": "3", "HTTP_QUEUE_SECONDS": "2"}, code).stdout.strip() == "3 2.0"


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_pool_run_dry_answers_503_with_retry_after_not_500(make_presentation):
    from psycopg_pool import PoolTimeout

    talk = make_presentation()
    connection.close()  # this thread's connection goes back to the pool, to be held below with the rest
    pool = connection.pool
    held = []
    saved_timeout, pool.timeout = pool.timeout, 0.5
    try:
        while True:  # every connection the pool may open, held here
            try:
                held.append(pool.getconn(timeout=0.5))
            except PoolTimeout:
                break

        def visit(accept: str):
            # Another thread: a request of its own, which must ask the pool for a connection.
            try:
                return Client(raise_request_exception=False).get(f"/talks/{talk.pk}/", headers={"accept": accept})
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=1) as other:
            page = other.submit(visit, "text/html").result()
            as_json = other.submit(visit, "application/json").result()
    finally:
        for held_connection in held:
            pool.putconn(held_connection)
        pool.timeout = saved_timeout

    assert len(held) == pool.max_size
    assert (page.status_code, page["Retry-After"], page.content.decode()) == (503, "5", PAGE)
    assert (as_json.status_code, as_json["Retry-After"]) == (503, "5")
    assert as_json.json() == {"error": "unavailable", "detail": DETAIL}
