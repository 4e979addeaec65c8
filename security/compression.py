"""Compression of pages, feeds and exports, and the answers that must never be compressed.

Django's GZipMiddleware compresses any answer of 200 bytes or more to a client that accepts gzip (FOSDEM's
one-day list: 1.1 MB of HTML to about 110 kB), weakens the ETag as RFC 9110 asks (a 304 still matches:
Django compares ETags weakly for If-None-Match), and adds `Vary: Accept-Encoding`.

BREACH reads a secret out of a compressed answer by making the victim's browser ask for pages that reflect
guessed text beside it and watching the sizes. Three things keep it out (docs/deploy.md, "Compression"):
- the CSRF token in forms is masked afresh for every answer (Django), so there is no fixed secret to guess;
- GZipMiddleware pads each answer with random bytes (Heal the Breach, Django 4.2+), blurring its length;
- an answer that carries a fixed secret, the personal feed link on /me/, is sent uncompressed
  (`@keep_uncompressed`): it is small, and compressing it is not worth the risk.
"""

from __future__ import annotations

from functools import wraps

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile

from security.on_loop import OnTheLoop

ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")


def keep_uncompressed(view):
    """The view's answers go out uncompressed: they carry a secret that stays the same from one answer to
    the next (a feed token), which BREACH could otherwise read byte by byte."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.keep_uncompressed = True
        return response

    return wrapper


class CompressUnlessSecret(OnTheLoop, GZipMiddleware):
    """GZipMiddleware, except for answers marked by `keep_uncompressed`; a 304 carries the weak ETag the
    compressed 200 it stands for carried, so a cache that refreshes its copy from the 304 keeps it right."""

    def response_needs_thread(self, request, response) -> bool:
        # zlib lets other threads run while it compresses: a big answer is compressed in a thread, so that
        # the event loop serves the other requests meanwhile. Nothing to compress (a 304, a short or already
        # gzipped answer, a client without gzip): the headers only, on the loop.
        return self.compresses(request, response)

    @staticmethod
    def compresses(request, response) -> bool:
        """Whether GZipMiddleware would compress this answer, the cases it skips left out."""
        return (
            not getattr(response, "keep_uncompressed", False)
            and response.status_code != 304
            and not response.has_header("Content-Encoding")
            and (response.streaming or len(response.content) >= 200)
            and bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        )

    def process_response(self, request, response):
        if getattr(response, "keep_uncompressed", False):
            return response
        if response.status_code == 304:
            if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
                patch_vary_headers(response, ("Accept-Encoding",))
                etag = response.get("ETag")
                if etag and etag.startswith('"'):
                    response["ETag"] = "W/" + etag
            return response
        return super().process_response(request, response)
