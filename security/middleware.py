"""Two rules every request passes: no control characters in parameters, no caching of personal pages."""

from __future__ import annotations

import re

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin

from security.on_loop import OnTheLoop

# C0 controls but tab, line feed and carriage return (a textarea sends those). NUL is refused by PostgreSQL
# in any text, and none of the others has a meaning in a schedule filter, a username or a form field.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def refusal(request, status: int, error: str, detail: str, headers: dict | None = None):
    """An error as SPEC shapes it for JSON clients, a plain sentence for everyone else."""
    if wants_json(request):
        return JsonResponse({"error": error, "detail": detail}, status=status, headers=headers)
    response = HttpResponseBadRequest(detail, content_type="text/plain; charset=utf-8", headers=headers)
    response.status_code = status
    return response


class RefuseControlCharacters(OnTheLoop, MiddlewareMixin):
    """400 for a query or form parameter (name or value) holding a control character, before any view."""

    def request_needs_thread(self, request) -> bool:
        # A query string is only computed on; a form body is parsed, which may write to disk.
        return request.method == "POST"

    def process_request(self, request):
        # An empty query string holds no parameter: no QueryDict is made for it (most requests).
        sources = [("query", request.GET)] if request.META.get("QUERY_STRING") else []
        if request.method == "POST" and request.content_type in FORM_TYPES:
            sources.append(("form", request.POST))
        for where, params in sources:
            for name, values in params.lists():
                for text in (name, *values):
                    if match := CONTROL.search(text):
                        char = f"U+{ord(match.group()):04X}"
                        return refusal(
                            request,
                            400,
                            "bad_message",
                            f"The {where} parameter “{CONTROL.sub('?', name)}” holds a control character ({char}).",
                        )
        return None


class PrivateWhenSignedIn(OnTheLoop, MiddlewareMixin):
    """`Cache-Control: private, no-store` on every answer made for a signed-in person.

    A page that looked at the session may show who is signed in, their marks or their feed link; no shared
    cache (a proxy, the page cache) may keep it and no browser may store it for the next person at the
    same computer. Pages that never looked at the session are the same for everyone and stay cacheable.
    """

    def response_needs_thread(self, request, response) -> bool:
        # Who is signed in may still have to be read from the database. Most answers (feeds, exports) never
        # looked at the session, and a session without a key (no cookie: a visitor) has no one to read.
        return self.looked_at_session(request) and request.session.session_key is not None

    @staticmethod
    def looked_at_session(request) -> bool:
        session = getattr(request, "session", None)
        return session is not None and session.accessed

    def process_response(self, request, response):
        if self.looked_at_session(request) and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
