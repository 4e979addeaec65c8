"""Answers gzipped once, when they are kept, instead of by GZipMiddleware on every request.

GZipMiddleware compresses each answer afresh: for a kept document that is most of the request's time
(FOSDEM's 180 kB personal feed: 8 ms of a 19 ms answer over HTTP; its 1.7 MB schedule.xml far more). A kept
page or feed is compressed once, beside its plain copy, and the middleware leaves an answer that already
has an encoding alone. Only documents without a secret are kept so (security/compression.py says why a
secret must not be compressed): the middleware's random padding, which blurs a secret's length, is not
needed where there is none.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# GZipMiddleware's own floor: a shorter answer goes out as it is.
MIN_LENGTH = 200


def accepts_gzip(request: HttpRequest) -> bool:
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def mark_gzipped(response: HttpResponse, etag: str) -> None:
    """What GZipMiddleware adds to an answer it compresses: the encoding, a weak ETag (RFC 9110: the
    bytes differ from the plain answer's; a 304 still matches, Django comparing weakly), and Vary."""
    response["Content-Encoding"] = "gzip"
    response["ETag"] = "W/" + etag
    patch_vary_headers(response, ("Accept-Encoding",))
