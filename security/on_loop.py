"""Middlewares whose hooks run on the event loop when they only compute, and in a thread when they may not.

Under ASGI, Django's MiddlewareMixin runs each hook (`process_request`, `process_response`) through
sync_to_async, on the one thread the database work of every request shares: a switch there and back per
hook, 15 for a feed's 304 before this module, each waiting behind whatever that thread is doing for other
requests. Most hooks read and write only the request and the response, which the event loop can do at once.
Django ticket #37177 works on the same switches from the other side (its own middlewares sync-only, so that
a chain of them switches once); that would send the async pages (`presentations/async_pages.py`) through
the thread too.

`OnTheLoop` runs both hooks on the loop, and in the thread only when `request_needs_thread` or
`response_needs_thread` says the hook may reach the database or a file. The subclasses below are Django's
own, as Django 5.2 writes their hooks; each says what sends it to the thread. Under WSGI and the test
client, nothing changes: MiddlewareMixin's `__call__` runs the hooks as it always did.
"""

from __future__ import annotations

from asgiref.sync import iscoroutinefunction, sync_to_async
from django.conf import settings
from django.contrib.auth import middleware as auth
from django.contrib.messages import middleware as messages
from django.contrib.sessions import middleware as sessions
from django.middleware import clickjacking, common, csrf, security

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class OnTheLoop:
    """Mixed in before a MiddlewareMixin: its hooks on the event loop unless a case below sends them off."""

    def request_needs_thread(self, request) -> bool:
        return False

    def response_needs_thread(self, request, response) -> bool:
        return False

    async def __acall__(self, request):
        response = None
        if hasattr(self, "process_request"):
            if self.request_needs_thread(request):
                response = await sync_to_async(self.process_request, thread_sensitive=True)(request)
            else:
                response = self.process_request(request)
        response = response or await self.get_response(request)
        if hasattr(self, "process_response"):
            if self.response_needs_thread(request, response):
                return await sync_to_async(self.process_response, thread_sensitive=True)(request, response)
            return self.process_response(request, response)
        return response


class SecurityMiddleware(OnTheLoop, security.SecurityMiddleware):
    """Settings and headers only."""


class SessionMiddleware(OnTheLoop, sessions.SessionMiddleware):
    """Opening a session reads a cookie (the store loads lazily, when a view asks); saving one writes it."""

    def response_needs_thread(self, request, response) -> bool:
        session = getattr(request, "session", None)
        return session is not None and (session.modified or settings.SESSION_SAVE_EVERY_REQUEST)


class CommonMiddleware(OnTheLoop, common.CommonMiddleware):
    """The host, the user agent and the slash redirect: URL resolving, in memory."""


class CsrfViewMiddleware(OnTheLoop, csrf.CsrfViewMiddleware):
    """The token lives in a cookie, unless CSRF_USE_SESSIONS puts it in the session (read from its store).
    Checking a form's token parses the body, which may go to disk: unsafe methods check in the thread."""

    def __init__(self, get_response):
        super().__init__(get_response)
        if iscoroutinefunction(self):
            # Django calls process_view as the instance has it: a coroutine function needs no thread.
            self.process_view = self.process_view_on_loop

    def request_needs_thread(self, request) -> bool:
        return settings.CSRF_USE_SESSIONS

    def response_needs_thread(self, request, response) -> bool:
        return settings.CSRF_USE_SESSIONS

    async def process_view_on_loop(self, request, callback, callback_args, callback_kwargs):
        check = super().process_view
        if request.method in SAFE_METHODS and not settings.CSRF_USE_SESSIONS:
            return check(request, callback, callback_args, callback_kwargs)
        return await sync_to_async(check, thread_sensitive=True)(request, callback, callback_args, callback_kwargs)


class AuthenticationMiddleware(OnTheLoop, auth.AuthenticationMiddleware):
    """Sets a lazy `request.user`: who is signed in is read from the database only when asked."""


class MessageMiddleware(OnTheLoop, messages.MessageMiddleware):
    """Messages read or added are stored at the end, which may load the session."""

    def response_needs_thread(self, request, response) -> bool:
        storage = getattr(request, "_messages", None)
        return storage is not None and (storage.used or storage.added_new)


class XFrameOptionsMiddleware(OnTheLoop, clickjacking.XFrameOptionsMiddleware):
    """One header."""
