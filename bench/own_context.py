"""Django's test client, each request in its own copy of the context, as a server runs each request.

An ASGI server runs every request as its own asyncio task, in a copy of the context it started from, so what
one request sets in a context variable ends with it. The test client runs all of them in the benchmark's
one context instead, where such a value stays for every later request. Django's URL resolvers set one each
(`URLResolver._local`) the first time `reverse()` runs in a process: 19 for this site, carried by every
later request, and asgiref's `_restore_context` copies and re-homes each at every switch between the sync
thread and the event loop (about 0.15 ms per request here). Only the benchmark would pay that.
"""

from __future__ import annotations

import contextvars

from django.test import Client


class OwnContextClient(Client):
    def request(self, **request):
        return contextvars.copy_context().run(super().request, **request)
