"""Two rules every request passes: no control characters in parameters, no caching of personal pages."""

from __future__ import annotations

import re

from asgiref.sync import sync_to_async
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin

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


class RefuseControlCharacters(MiddlewareMixin):
    """400 for a query or form parameter (name or value) holding a control character, before any view."""

    async def __acall__(self, request):
        # A query string is only computed on: checked here on the event loop, not in a thread of
        # sync_to_async's as MiddlewareMixin would (a thread switch each way). A form body is parsed there,
        # since parsing it may write to disk.
        if request.method == "POST":
            refused = await sync_to_async(self.process_request, thread_sensitive=True)(request)
        else:
            refused = self.process_request(request)
        return refused or await self.get_response(request)

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


class PrivateWhenSignedIn(MiddlewareMixin):
    """`Cache-Control: private, no-store` on every answer made for a signed-in person.

    A page that looked at the session may show who is signed in, their marks or their feed link; no shared
    cache (a proxy, the page cache) may keep it and no browser may store it for the next person at the
    same computer. Pages that never looked at the session are the same for everyone and stay cacheable.
    """

    async def __acall__(self, request):
        response = await self.get_response(request)
        if not self.looked_at_session(request):
            return response  # most answers (feeds, exports, kept pages): no thread needed to know that
        # Who is signed in may still have to be read from the database: that is done in a thread.
        return await sync_to_async(self.process_response, thread_sensitive=True)(request, response)

    @staticmethod
    def looked_at_session(request) -> bool:
        session = getattr(request, "session", None)
        return session is not None and session.accessed

    def process_response(self, request, response):
        if self.looked_at_session(request) and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
