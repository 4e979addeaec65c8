"""Which links we follow or show: a source's links only when http(s), so a scraped `javascript:` link never
runs; a `next` or `page` from the query string only when it stays on this site."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def web_address(url: str) -> str:
    """`url` if it is http(s), else ""."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def on_this_site(request, target: str, default: str) -> str:
    """`target` when it leads to this site (Django's check of host and scheme), else `default`."""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default
