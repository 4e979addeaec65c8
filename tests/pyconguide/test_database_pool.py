"""On PostgreSQL each web process lends its requests connections from a small pool and gets them back:
after a thousand requests, some failing, Daphne and the Procfile's Granian (2 worker processes, a pool
each) hold no more connections than their pools' sizes."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests.processes import database_url_of
from tests.pyconguide.test_settings import run_settings

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the pool is PostgreSQL's: run with DATABASE_URL=postgres://…"
)


def test_settings_pool_postgres_connections_by_default_and_not_sqlite():
    code = "print(s.DATABASES['default'].get('OPTIONS', {}).get('pool'), s.DATABASES['default']['CONN_MAX_AGE'])"
    postgres = "postgres://postgres@127.0.0.1:5432/test"

    pooled = run_settings({"DATABASE_URL": postgres, "DB_POOL_MAX_SIZE": "6"}, code)
    unpooled = run_settings({"DATABASE_URL": postgres, "DB_POOL": "0"}, code)
    sqlite = run_settings({}, code)

    assert pooled.stdout.strip() == "{'min_size': 2, 'max_size': 6, 'timeout': 5.0, 'max_idle': 300} 0"
    # SQLite keeps its connections open (closing the last one checkpoints the WAL): docs/deploy.md, "SQLite".
    assert (unpooled.stdout.strip(), sqlite.stdout.strip()) == ("None 0", "None None")


def server_connections(name: str) -> tuple[int, int]:
    """The servers' connections, and how many of them are idle (no query running, no transaction open)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE state = 'idle') FROM pg_stat_activity WHERE application_name = %s",
            [name],
        )
        return cursor.fetchone()


def all_idle(name: str, seconds: float = 10) -> tuple[int, int]:
    """The connections once every one is idle (the last answers' transactions ending as their connections go
    back to the pool), or as they stand after `seconds`."""
    deadline = time.monotonic() + seconds
    while (held := server_connections(name))[0] != held[1] and time.monotonic() < deadline:
        time.sleep(0.05)
    return held


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@on_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("server, processes", [("daphne", 1), ("granian", 2)])
def test_pool_connections_come_back_after_a_thousand_requests(daphne, make_presentation, server, processes):
    talk = make_presentation()
    name = "pool-check"
    host = daphne(
        server=server,
        DATABASE_URL=f"{database_url_of(connection.settings_dict)}?application_name={name}",
        DB_POOL_MIN_SIZE="2",
        DB_POOL_MAX_SIZE="4",
    )
    urls = [f"http://{host}{path}" for path in (f"/{talk.conference.slug}/", f"/talks/{talk.pk}/", "/talks/999999/")]
    statuses: Counter[int] = Counter()
    held = []

    with ThreadPoolExecutor(max_workers=16) as clients:
        for _ in range(4):  # 4 rounds of 250 requests, 16 at a time
            statuses.update(clients.map(status_of, [urls[n % 3] for n in range(250)]))
            held.append(server_connections(name)[0])
    total, idle = all_idle(name)

    assert statuses == {200: 668, 404: 332}
    # Each process its own pool: at least its 2 idle, at most its 4; once the answers are out, no connection
    # is left in a query or a transaction.
    assert all(2 * processes <= count <= 4 * processes for count in [*held, total]), held
    assert idle == total, (total, idle)
