"""Proxy headers count only behind a proxy (BEHIND_PROXY), and the access log never shows a feed token:
checked on the ASGI layers themselves and on a real Daphne's output."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from interests.models import CalendarFeed
from security.asgi import AccessLog, ProxyHeaders
from security.logs import RedactFeedTokens

FORWARDED = [(b"x-forwarded-for", b"203.0.113.9, 198.51.100.7"), (b"x-forwarded-proto", b"https")]


def seen_scope(scope: dict) -> dict:
    """The scope the application under ProxyHeaders receives."""
    seen = {}

    async def app(scope, receive, send):
        seen.update(scope)

    asyncio.run(ProxyHeaders(app)(scope, None, None))
    return seen


@pytest.mark.parametrize(
    ("behind_proxy", "kind", "expected"),
    [
        (False, "http", (("10.0.0.5", 4711), "http")),
        (True, "http", (("198.51.100.7", 0), "https")),
        (True, "websocket", (("198.51.100.7", 0), "wss")),
    ],
)
def test_proxy_headers_are_trusted_only_behind_a_proxy(settings, behind_proxy, kind, expected):
    settings.BEHIND_PROXY = behind_proxy
    scope = {"type": kind, "client": ("10.0.0.5", 4711), "scheme": "ws" if kind == "websocket" else "http"}

    seen = seen_scope({**scope, "headers": FORWARDED})

    assert (seen["client"], seen["scheme"]) == expected


def test_proxy_headers_ignore_a_forwarded_for_that_is_not_an_address(settings):
    settings.BEHIND_PROXY = True
    scope = {"type": "http", "client": ("10.0.0.5", 4711), "scheme": "http"}

    seen = seen_scope({**scope, "headers": [(b"x-forwarded-for", b"<script>")]})

    assert (seen["client"], seen["scheme"]) == (("10.0.0.5", 4711), "http")


def test_proxy_switch_sets_django_ssl_header_too():
    from tests.pyconguide.test_settings import run_settings

    off = run_settings({}, "print(s.SECURE_PROXY_SSL_HEADER)")
    on = run_settings({"BEHIND_PROXY": "1"}, "print(s.SECURE_PROXY_SSL_HEADER)")

    assert (off.stdout.strip(), on.stdout.strip()) == ("None", "('HTTP_X_FORWARDED_PROTO', 'https')")


def test_access_log_line_has_client_request_status_and_size(caplog):
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b"gone"})

    scope = {"type": "http", "client": ("10.0.0.5", 1), "method": "GET", "path": "/x/", "query_string": b"a=1"}
    with caplog.at_level(logging.INFO, logger="access"):
        asyncio.run(AccessLog(app)(scope, None, lambda message: asyncio.sleep(0)))

    (line,) = [record.getMessage() for record in caplog.records if record.name == "access"]
    assert line.rsplit(" ", 1)[0] == '10.0.0.5 "GET /x/?a=1" 404 4'


def test_redaction_filter_takes_tokens_out_of_any_line():
    record = logging.makeLogRecord(
        {
            "msg": "Not Found: %s (from %s)",
            "args": ("/calendar/s3cr3t-T0ken_x.ics", "webcal%3A%2F%2Fh%2Fcalendar%2Fabc.ics"),
        }
    )

    RedactFeedTokens().filter(record)

    assert record.getMessage() == "Not Found: /calendar/[token].ics (from webcal%3A%2F%2Fh%2Fcalendar%2F[token].ics)"


def logged_until(log, text: str, wait: float = 10.0) -> str:
    """The log once it holds `text`: the access line is written just after the answer has gone out."""
    deadline = time.monotonic() + wait
    while text not in (content := log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return content


def fetch(host: str, path: str, **headers):
    import requests

    session = requests.Session()
    session.trust_env = False  # straight to 127.0.0.1, never through a proxy from the environment
    return session.get(f"http://{host}{path}", headers=headers, timeout=10, allow_redirects=False)


@pytest.mark.django_db(transaction=True)
def test_daphne_output_never_shows_a_feed_token(daphne, make_user):
    user = make_user()
    token = CalendarFeed.objects.create(user=user).token
    host = daphne()

    found = fetch(host, f"/calendar/{token}.ics")
    missing = fetch(host, "/calendar/not-a-real-token.ics")
    spoofed = fetch(host, "/healthz", **{"X-Forwarded-For": "203.0.113.9"})
    logged = logged_until(daphne.logs[host], '"GET /healthz" 200')

    assert (found.status_code, missing.status_code, spoofed.status_code) == (200, 404, 200)
    assert token not in logged and "not-a-real-token" not in logged
    assert '"GET /calendar/[token].ics" 200' in logged and '"GET /calendar/[token].ics" 404' in logged
    assert "Not Found: /calendar/[token].ics" in logged
    # Not behind a proxy: the forwarded address is whatever the client says, so it is ignored.
    assert '127.0.0.1 "GET /healthz" 200' in logged and "203.0.113.9" not in logged
