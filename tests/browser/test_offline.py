"""Offline use and installing, in real Chromium against a real Daphne (docs/offline.md).

A signed-in attendee opens the sample conference's list once online; the service worker saves the
conference. Offline (Playwright's `set_offline`), the list, a grid day, a talk page never opened and /me/
still open, with the notice; a mark made offline waits on the device, survives the tab closing, and
reaches the database and the user's other tab once the network returns.
"""

import os
import shutil
import struct
import time

import pytest
from playwright.sync_api import expect

from interests.models import Interest
from presentations.models import Presentation
from presentations.sample import SLUG, sample_schedule
from scraper.importer import import_schedule

NOTICE = ".offline-notice"


@pytest.fixture
def sample(transactional_db):
    return import_schedule(sample_schedule()).conference


def signed_in_context(browser, host: str, cookie: str | None):
    context = browser.new_context()
    if cookie:
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": f"http://{host}/"}])
    return context


def open_saved(context, url: str):
    """Open `url` and wait until the service worker has saved its conference for offline use."""
    page = context.new_page()
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-offline-saved", timeout=60_000)
    return page


def wait_for(condition, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s")


def png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", body[16:24])


@pytest.mark.django_db(transaction=True)
def test_site_is_installable_with_icons_that_load(browser, daphne, sample, tmp_path):
    host = daphne()
    # A context of a browser profile, not an incognito one: Chromium installs nothing from incognito.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium",
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    )
    page = open_saved(context, f"http://{host}/{SLUG}/")
    cdp = context.new_cdp_session(page)

    errors = cdp.send("Page.getInstallabilityErrors")
    manifest = cdp.send("Page.getAppManifest")

    assert errors == {"installabilityErrors": []}
    assert manifest["url"] == f"http://{host}/manifest.webmanifest" and manifest["errors"] == []
    sizes = {}
    for icon in page.request.get(f"http://{host}/manifest.webmanifest").json()["icons"]:
        response = page.request.get(f"http://{host}{icon['src']}")
        assert response.headers["content-type"] == "image/png"
        sizes[icon["src"].rsplit("/", 1)[1], icon["purpose"]] = png_size(response.body())
    assert sizes == {
        ("icon-192.png", "any"): (192, 192),
        ("icon-512.png", "any"): (512, 512),
        ("maskable-512.png", "maskable"): (512, 512),
    }
    context.close()


@pytest.mark.django_db(transaction=True)
def test_saved_conference_opens_offline_with_the_notice(browser, daphne, sample, make_user, session_cookie):
    user = make_user(username="ada")
    talks = list(Presentation.objects.filter(conference=sample, kind="talk").in_schedule_order())
    Interest.objects.create(user=user, presentation=talks[0])
    host = daphne()
    context = signed_in_context(browser, host, session_cookie(user))
    page = open_saved(context, f"http://{host}/{SLUG}/")
    days = sorted({p.start.astimezone(sample.tzinfo).date().isoformat() for p in talks})
    never_opened = talks[-1]

    context.set_offline(True)

    page.goto(f"http://{host}/{SLUG}/")
    expect(page.locator(NOTICE)).to_contain_text("Offline — schedule as of")
    expect(page.locator(f'article[data-presentation="{talks[0].pk}"] .interest-button')).to_have_text(
        "Remove from Calendar"
    )
    page.get_by_role("link", name="Grid").click()
    expect(page.locator(NOTICE)).to_be_visible()
    expect(page.locator(".grid-item").first).to_be_visible()
    page.goto(f"http://{host}/{SLUG}/grid/?day={days[-1]}")
    expect(page.locator(".grid-day")).to_be_visible()
    expect(page.locator(NOTICE)).to_be_visible()
    page.goto(f"http://{host}/talks/{never_opened.pk}/")
    expect(page.locator("h1.talk-title")).to_contain_text(never_opened.title)
    expect(page.locator(NOTICE)).to_be_visible()
    page.goto(f"http://{host}/me/")
    expect(page.locator("h1")).to_have_text("My talks")
    expect(page.locator(".my-talk .title")).to_have_text([talks[0].title])
    expect(page.locator(NOTICE)).to_be_visible()
    page.goto(f"http://{host}/{SLUG}/?q=never+saved")
    expect(page.locator("h1")).to_have_text("You are offline")
    expect(page.locator(".offline-saved-list a").first).to_have_attribute("href", f"/{SLUG}/")

    context.set_offline(False)
    page.goto(f"http://{host}/{SLUG}/")
    expect(page.locator("body")).to_have_attribute("data-live", "connected")
    expect(page.locator(NOTICE)).to_have_count(0)
    context.close()
