"""Installing the site and using it offline: the web app manifest, the service worker, and what the
service worker saves of a conference on its first visit (docs/offline.md)."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from presentations.conference_view import conference_view
from presentations.models import Conference
from presentations.queries import (
    current_conference,
    schedule_choices,
    switchable_conferences,
    talk_pages_of,
)
from presentations.views import talk_context

HERE = Path(__file__).resolve().parent
THEME_COLOUR = "#1f5f99"
ICONS = [
    {"src": "icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
    {"src": "icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
    {"src": "icons/maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
]


@require_GET
def manifest(request):
    conference = current_conference()
    body = {
        "id": "/",
        "name": "PyCon Guide",
        "short_name": "PyCon Guide",
        "description": "The conference schedule and your talks, online or off.",
        "start_url": reverse("schedule", args=[conference.slug]) if conference else "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [{**icon, "src": static(icon["src"])} for icon in ICONS],
    }
    response = HttpResponse(json.dumps(body, indent=1), content_type="application/manifest+json")
    # The start URL follows the newest conference: let browsers check again within the hour.
    response["Cache-Control"] = "public, max-age=3600"
    return response


def static_files() -> list[str]:
    """The site's own static files (not the admin's), as the pages name them."""
    root = Path(settings.STATICFILES_DIRS[0])
    return sorted(static(path.relative_to(root).as_posix()) for path in root.rglob("*") if path.is_file())


def site_version() -> str:
    """Changes whenever the worker, the site's static files or OFFLINE_VERSION change: a new deploy."""
    digest = hashlib.sha256(settings.OFFLINE_VERSION.encode())
    digest.update((HERE / "sw.js").read_bytes())
    root = Path(settings.STATICFILES_DIRS[0])
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@require_GET
def service_worker(request):
    source = (HERE / "sw.js").read_text()
    source = source.replace('"__VERSION__"', json.dumps(site_version()))
    source = source.replace('"__STORE__"', json.dumps(static("js/offline-store.js")))
    source = source.replace('"__STATIC__"', json.dumps(static_files()))
    source = source.replace('"__OFFLINE_PAGE__"', json.dumps(reverse("offline")))
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    # Served from the root so its scope is the whole site; browsers re-check it on every navigation.
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline_page(request):
    """What the worker shows for a page it never saved: links to what it did save (offline.js fills them)."""
    return render(request, "offline/offline.html")


@never_cache
@require_GET
@conference_view
def conference_copy(request, conference: Conference):
    """`GET /<slug>/offline.json`: what a browser needs to show this conference offline.

    The list and grid pages (whole and per day), /me/ and the offline page as addresses to fetch, and
    every talk page ready rendered in this one answer: 876 separate page loads for FOSDEM would cost the
    server and the conference Wi-Fi far more (figures in docs/benchmarks.md).
    """
    slug = conference.slug
    days = [day.isoformat() for day in schedule_choices(conference).days]
    schedule, grid = reverse("schedule", args=[slug]), reverse("grid", args=[slug])
    pages = [schedule, *(f"{schedule}?day={day}" for day in days), grid, *(f"{grid}?day={day}" for day in days)]
    pages += [reverse("changes", args=[slug]), reverse("offline")]
    if request.user.is_authenticated:
        pages.append(reverse("me"))
    get_token(request)  # one CSRF secret for every page below, and the cookie set on this answer
    talks = {}
    header = switchable_conferences()  # read once, not once per page (the header's switcher)
    marked = []
    for presentation in talk_pages_of(conference).with_marks(request.user):
        if presentation.marked:
            marked.append(presentation.pk)
        path = reverse("talk", args=[presentation.pk])
        context = {**talk_context(presentation, presentation.changes.all()), "switchable_conferences": header}
        talks[path] = render_to_string("presentations/talk.html", context, request=_as_if_at(request, path))
    return JsonResponse(
        {
            "conference": {"slug": slug, "name": conference.name, "days": days},
            "as_of": timezone.now().isoformat(),
            "user": request.user.pk,
            "marked": sorted(marked),
            "pages": pages,
            "talks": talks,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _as_if_at(request, path: str):
    """`request` as if it asked for `path`: pages link back to themselves (sign-in's `next`, forms)."""
    page = copy.copy(request)
    page.path = page.path_info = path
    page.META = {**request.META, "PATH_INFO": path, "QUERY_STRING": ""}
    page.GET = QueryDict()
    return page
