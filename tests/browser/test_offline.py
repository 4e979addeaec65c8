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
from scraper.importer import import_schedule
from scraper.sample import SLUG, sample_schedule

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
    """The condition's first true value, looked at every 0.1 s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
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
    # A card's description comes from its talk page, which the copy holds.
    described = next(talk for talk in talks if talk.description)
    card = page.locator(f"#p-{described.pk}")
    card.get_by_text("Description", exact=True).click()
    expect(card.locator(".description-text")).to_contain_text(described.description.split()[0])
    page.get_by_role("link", name="Grid", exact=True).click()
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


def card_of(page, presentation):
    return page.locator(f'article.card[data-presentation="{presentation.pk}"]')


PENDING_MARKS = """new Promise((resolve, reject) => {
  const opening = indexedDB.open("pyconguide-offline", 1);
  opening.onerror = () => reject(opening.error);
  opening.onsuccess = () => {
    const rows = opening.result.transaction("marks").objectStore("marks").getAll();
    rows.onsuccess = () => resolve(rows.result.map(m => ({presentation: m.presentation, interested: m.interested})));
  };
})"""


def pending_marks(page) -> list[dict]:
    """The marks waiting on the device, read straight from IndexedDB (any page of the site can)."""
    return page.evaluate(PENDING_MARKS)


@pytest.mark.django_db(transaction=True)
def test_mark_made_offline_waits_survives_the_tab_and_lands_when_online(
    browser, daphne, sample, make_user, session_cookie
):
    user = make_user(username="ada")
    cookie = session_cookie(user)
    talk, other = Presentation.objects.filter(conference=sample, kind="talk").in_schedule_order()[:2]
    Interest.objects.create(user=user, presentation=other)
    host = daphne()
    context = signed_in_context(browser, host, cookie)
    page = open_saved(context, f"http://{host}/{SLUG}/")
    elsewhere = signed_in_context(browser, host, cookie)
    second = elsewhere.new_page()
    second.goto(f"http://{host}/{SLUG}/")
    expect(second.locator("body")).to_have_attribute("data-live", "connected")
    second.evaluate("window.notReloaded = true")

    context.set_offline(True)
    card_of(page, talk).get_by_role("button", name="Add to Calendar").click()
    # Changed twice: the last choice is the one kept, as a setting (remove `other`), never a toggle.
    card_of(page, other).get_by_role("button", name="Remove from Calendar").click()
    card_of(page, other).get_by_role("button", name="Add to Calendar").click()
    card_of(page, other).get_by_role("button", name="Remove from Calendar").click()

    expect(card_of(page, talk).locator(".interest-pending")).to_have_text("Pending: added here, sent when back online")
    expect(card_of(page, talk).locator(".interest-button")).to_have_text("Remove from Calendar")
    expect(card_of(page, other).locator(".interest-pending")).to_contain_text("Pending: removed here")
    page.close()
    page = context.new_page()
    page.goto(f"http://{host}/{SLUG}/")
    expect(page.locator(NOTICE)).to_be_visible()
    expect(card_of(page, talk).locator(".interest-pending")).to_have_text("Pending: added here, sent when back online")
    expect(card_of(page, other).locator(".interest-button")).to_have_text("Add to Calendar")
    assert sorted(pending_marks(page), key=lambda m: m["presentation"]) == sorted(
        [{"presentation": talk.pk, "interested": True}, {"presentation": other.pk, "interested": False}],
        key=lambda m: m["presentation"],
    )
    assert list(Interest.objects.filter(user=user).values_list("presentation", flat=True)) == [other.pk]

    context.set_offline(False)

    wait_for(lambda: list(Interest.objects.filter(user=user).values_list("presentation", flat=True)) == [talk.pk])
    expect(card_of(second, talk).locator(".interest-button")).to_have_text("Remove from Calendar")
    expect(card_of(second, other).locator(".interest-button")).to_have_text("Add to Calendar")
    expect(card_of(page, talk).locator(".interest-pending")).to_have_count(0)
    expect(page.locator(NOTICE)).to_have_count(0)
    assert pending_marks(page) == []
    assert second.evaluate("window.notReloaded") is True
    context.close()
    elsewhere.close()


def saved_urls(page) -> list[str]:
    return page.evaluate(
        """caches.keys().then(names => Promise.all(names.filter(n => n.startsWith('pyconguide-pages-'))
             .map(n => caches.open(n).then(c => c.keys()))))
           .then(lists => lists.flat().map(r => new URL(r.url).pathname + new URL(r.url).search))"""
    )


@pytest.mark.django_db(transaction=True)
def test_signing_out_drops_the_saved_pages_and_pending_marks(browser, daphne, sample, make_user, session_cookie):
    user = make_user(username="ada")
    talk = Presentation.objects.filter(conference=sample, kind="talk").in_schedule_order().first()
    host = daphne()
    context = signed_in_context(browser, host, session_cookie(user))
    page = open_saved(context, f"http://{host}/{SLUG}/")
    assert "/me/" in saved_urls(page)
    context.set_offline(True)
    card_of(page, talk).get_by_role("button", name="Add to Calendar").click()
    expect(card_of(page, talk).locator(".interest-pending")).to_be_visible()

    # Signing out offline: the device forgets at once (the server hears of it once online).
    page.get_by_role("button", name="Sign out").click()

    expect(page.locator("h1")).to_have_text("You are offline")
    assert pending_marks(page) == []
    assert saved_urls(page) == []
    page.goto(f"http://{host}/me/")
    expect(page.locator("h1")).to_have_text("You are offline")

    # Online again, still signed in on the server: the mark was never sent; signing out online clears too.
    context.set_offline(False)
    page = open_saved(context, f"http://{host}/{SLUG}/")
    assert "/me/" in saved_urls(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    assert "/me/" not in saved_urls(page)
    assert Interest.objects.filter(user=user).count() == 0
    context.close()


def cache_names(page) -> list[str]:
    return sorted(page.evaluate("caches.keys()"))


def test_new_deploy_takes_over_and_drops_the_old_caches(live_server, page, sample, settings):
    page.goto(f"{live_server.url}/{SLUG}/")
    expect(page.locator("body")).to_have_attribute("data-offline-saved", timeout=60_000)
    old = page.evaluate("navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL")
    old_names = cache_names(page)
    old_version = old_names[0].rsplit("-", 1)[1]
    assert old == f"{live_server.url}/sw.js"
    assert old_names == [f"pyconguide-pages-{old_version}", f"pyconguide-static-{old_version}"]

    settings.OFFLINE_VERSION = "the next deploy"
    page.evaluate("navigator.serviceWorker.getRegistration().then(registration => registration.update())")

    # One read per look: the names go [pages-old, static-old] -> [pages-old, static-new, static-old] ->
    # [static-new] -> [pages-new, static-new], and two reads could take the length from the first and the
    # names from the third.
    def new_caches():
        names = cache_names(page)
        return len(names) == 2 and old_version not in " ".join(names) and names

    new_names = wait_for(new_caches, timeout=30)
    new_version = new_names[0].rsplit("-", 1)[1]
    assert new_names == [f"pyconguide-pages-{new_version}", f"pyconguide-static-{new_version}"]
    assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.active.state)") == "activated"
    # The page saved its conference again with the new worker: it opens offline from the new cache.
    wait_for(lambda: f"/{SLUG}/grid/" in saved_urls(page), timeout=30)
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/{SLUG}/grid/")
    expect(page.locator(NOTICE)).to_be_visible()
    page.context.set_offline(False)


@pytest.mark.django_db(transaction=True)
def test_a_changed_talk_is_refreshed_in_the_saved_copy(browser, daphne, run_command, redis_for_children, sample):
    talk = Presentation.objects.filter(conference=sample, kind="talk").in_schedule_order().first()
    host = daphne(**redis_for_children)
    context = browser.new_context()
    page = open_saved(context, f"http://{host}/{SLUG}/")
    expect(page.locator("body")).to_have_attribute("data-live", "connected")
    rename = (
        "from presentations.changes import apply_changes; from presentations.models import Presentation; "
        f"apply_changes(Presentation.objects.get(pk={talk.pk}), {{'title': 'Renamed while you were away'}})"
    )

    changed = run_command("shell", "-c", rename, **redis_for_children)

    assert changed.returncode == 0, changed.stderr
    saved = "url => caches.match(url).then(r => r.text()).then(t => t.includes('Renamed while you were away'))"
    wait_for(lambda: page.evaluate(saved, f"/talks/{talk.pk}/") and page.evaluate(saved, f"/{SLUG}/"), timeout=30)
    context.set_offline(True)
    page.goto(f"http://{host}/talks/{talk.pk}/")
    expect(page.locator("h1.talk-title")).to_contain_text("Renamed while you were away")
    expect(page.locator(NOTICE)).to_be_visible()
    page.goto(f"http://{host}/{SLUG}/")
    expect(page.locator(f"#p-{talk.pk} .card-title")).to_contain_text("Renamed while you were away")
    context.close()
