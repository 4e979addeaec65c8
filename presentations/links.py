"""Which links from a source our pages may show: http(s) only, so a scraped `javascript:` link never runs."""

from __future__ import annotations


def web_address(url: str) -> str:
    """`url` if it is http(s), else ""."""
    return url if url.lower().startswith(("https://", "http://")) else ""
