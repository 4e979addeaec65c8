"""Two layers around the whole ASGI application (pages and sockets).

`ProxyHeaders`: only when settings.BEHIND_PROXY, the client's address comes from the last entry of
`X-Forwarded-For` (the one the proxy itself appended: entries before it are whatever the client sent) and
the scheme from `X-Forwarded-Proto`. Without the switch both headers are ignored, so nobody can pose as
another address (and so dodge the sign-in throttle) or as HTTPS. Doing this here, not with the server's
`--proxy-headers`, makes one setting govern Django, the throttle and the sockets under any ASGI server.

`AccessLog`: one line per request and per socket on the `access` logger, in place of the server's own
access log, so that the logging filter (security/logs.py) can take feed tokens out of it.
"""

from __future__ import annotations

import ipaddress
import logging
import time

from django.conf import settings

access = logging.getLogger("access")


def _last_header(scope, name: bytes) -> str:
    values = [value.decode("latin-1") for key, value in scope.get("headers", ()) if key == name]
    items = [item.strip() for item in ",".join(values).split(",") if item.strip()]
    return items[-1] if items else ""


class ProxyHeaders:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket") and settings.BEHIND_PROXY:
            scope = dict(scope)
            forwarded_for = _last_header(scope, b"x-forwarded-for")
            try:
                scope["client"] = (str(ipaddress.ip_address(forwarded_for)), 0)
            except ValueError:
                pass  # no header, or not an address: keep the proxy's own
            proto = _last_header(scope, b"x-forwarded-proto").lower()
            if proto in ("http", "https"):
                schemes = {"http": ("http", "https"), "websocket": ("ws", "wss")}[scope["type"]]
                scope["scheme"] = schemes[proto == "https"]
        return await self.app(scope, receive, send)


def _request_line(scope) -> str:
    query = scope.get("query_string", b"")
    path = scope.get("path", "")
    return f"{path}?{query.decode('latin-1')}" if query else path


class AccessLog:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        client = scope.get("client") or ("-", 0)
        started = time.monotonic()
        state = {"status": None, "bytes": 0, "accepted": False}

        async def logged_send(message):
            kind = message["type"]
            if kind == "http.response.start":
                state["status"] = message["status"]
            elif kind == "http.response.body":
                state["bytes"] += len(message.get("body", b""))
            elif kind == "websocket.accept":
                state["accepted"] = True
                access.info('%s "WSCONNECT %s"', client[0], _request_line(scope))
            elif kind == "websocket.close" and not state["accepted"]:
                access.info('%s "WSREJECT %s" %s', client[0], _request_line(scope), message.get("code", 1000))
            await send(message)

        try:
            await self.app(scope, receive, logged_send)
        finally:
            elapsed = (time.monotonic() - started) * 1000
            if scope["type"] == "http":
                access.info(
                    '%s "%s %s" %s %s %.1fms',
                    client[0],
                    scope.get("method", "-"),
                    _request_line(scope),
                    state["status"] or "-",
                    state["bytes"],
                    elapsed,
                )
            elif state["accepted"]:
                access.info('%s "WSDISCONNECT %s" %.1fs', client[0], _request_line(scope), elapsed / 1000)
