"""Every page loads in real Chromium under the site's Content-Security-Policy without a violation: no
inline script or style anywhere, the socket's own origin allowed. Served by a real Daphne, so that the
pages open their WebSocket as in production (connect-src is part of what is checked)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from interests.marking import set_interest
from presentations.models import Presentation
from scraper.importer import import_schedule
from scraper.sample import SLUG, sample_schedule

# Collected before any of the page's own code runs: a violation anywhere, even in report-only mode.
WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.cspViolations.push(`${event.effectiveDirective} ${event.blockedURI || "inline"} ${where}`);
});
"""


def visit(context, url: str, live: bool) -> dict:
    page = context.new_page()
    console: list[str] = []
    page.on("pageerror", lambda error: console.append(str(error)))
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    response = page.goto(url)
    if live:
        expect(page.locator("body")).to_have_attribute("data-live", "connected")
    page.wait_for_load_state("load")
    seen = {
        "status": response.status,
        "policy": "content-security-policy" in response.headers,
        "violations": page.evaluate("window.cspViolations"),
        "console": console,
    }
    page.close()
    return seen


@pytest.fixture
def site(transactional_db, daphne, session_cookie):
    import_schedule(sample_schedule())
    talk = Presentation.objects.filter(conference__slug=SLUG, kind="talk").in_schedule_order().first()
    root = get_user_model().objects.create_superuser("root", password="a-long-test-password")
    set_interest(user=root, presentation=talk, interested=True)
    return {"host": daphne(), "talk": talk, "cookie": session_cookie(root)}


def pages_of(talk) -> list[tuple[str, bool]]:
    """(path, opens a socket) for every kind of page."""
    day = talk.start.astimezone(talk.conference.tzinfo).date().isoformat()
    return [
        (f"/{SLUG}/", True),
        (f"/{SLUG}/?kind=talk&q=a", True),
        (f"/{SLUG}/grid/", True),
        (f"/{SLUG}/grid/?day={day}", True),
        (f"/{SLUG}/changes/", True),
        (f"/talks/{talk.pk}/", True),
        ("/me/", False),
        ("/admin/", False),
        ("/admin/presentations/presentation/", False),
        (f"/admin/presentations/presentation/{talk.pk}/change/", False),
        ("/admin/axes/accessattempt/", False),
    ]


def new_context(browser):
    context = browser.new_context()
    context.add_init_script(WATCH_VIOLATIONS)
    # The admin's pages name no icon, so Chromium asks for /favicon.ico (a 404 error in the console) at a
    # moment of its own choosing: answer it here, so the console holds only what the pages themselves do.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    return context


def test_every_page_loads_without_a_csp_violation_signed_in(browser, site):
    context = new_context(browser)
    context.add_cookies([{"name": "sessionid", "value": site["cookie"], "url": f"http://{site['host']}/"}])

    seen = {path: visit(context, f"http://{site['host']}{path}", live) for path, live in pages_of(site["talk"])}
    context.close()

    assert seen == {path: {"status": 200, "policy": True, "violations": [], "console": []} for path in seen}


def test_sign_in_pages_load_without_a_csp_violation_signed_out(browser, site):
    context = new_context(browser)
    paths = [("/login/", False), ("/admin/login/", False), (f"/{SLUG}/", True), (f"/talks/{site['talk'].pk}/", True)]

    seen = {path: visit(context, f"http://{site['host']}{path}", live) for path, live in paths}
    context.close()

    assert seen == {path: {"status": 200, "policy": True, "violations": [], "console": []} for path in seen}
