"""axe-core (from npm, pinned in package-lock.json) finds nothing on the attendee's pages, in real Chromium."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from interests.models import Interest
from presentations.models import Presentation, ScheduleChange
from scraper.importer import import_schedule
from scraper.sample import sample_schedule

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SLUG = "pyguide-sample"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page) -> list[dict]:
    # Evaluated through the DevTools protocol, so a Content-Security-Policy without inline scripts still runs it.
    page.evaluate(AXE.read_text())
    found = page.evaluate("options => axe.run(document, options)", {"runOnly": {"type": "tag", "values": RULES}})
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in found["violations"]
    ]


@pytest.fixture
def sample(transactional_db):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make node-tools` installs axe-core from package-lock.json")
    conference = import_schedule(sample_schedule()).conference
    talk = Presentation.objects.filter(conference=conference, kind="talk").in_schedule_order().first()
    ScheduleChange.objects.create(presentation=talk, field="room", old="Elsewhere", new=talk.room, at=talk.created)
    return conference


def pages_of(conference) -> dict[str, str]:
    talk = Presentation.objects.filter(conference=conference, kind="talk").in_schedule_order().first()
    from presentations.speakers import speaker_slug

    return {
        "list": f"/{SLUG}/",
        "filtered list": f"/{SLUG}/?kind=poster",
        "grid": f"/{SLUG}/grid/",
        "talk": f"/talks/{talk.pk}/",
        "changes": f"/{SLUG}/changes/",
        "speaker": f"/{SLUG}/speakers/{speaker_slug(talk.speakers[0])}/",
        "speaker with a bio": f"/{SLUG}/speakers/{speaker_slug(conference.speaker_bios.order_by('name')[0].name)}/",
        "login": "/login/",
        "sign-up": "/signup/",
    }


def test_axe_finds_nothing_for_a_visitor(live_server, page, sample):
    found = {}
    for name, path in pages_of(sample).items():
        page.goto(live_server.url + path)
        found[name] = axe_violations(page)
    # A card's description, opened: brought in from its talk page.
    page.goto(f"{live_server.url}/{SLUG}/")
    page.locator(".card .description summary").first.click()
    expect(page.locator(".card .description-text").first).to_be_visible()
    found["list, a description opened"] = axe_violations(page)

    assert found == {name: [] for name in found}, json.dumps(found, indent=1)


def test_axe_finds_nothing_when_signed_in(live_server, browser, sample, make_user, session_cookie):
    user = make_user()
    Interest.objects.create(user=user, presentation=Presentation.objects.filter(kind="talk").first())
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": session_cookie(user), "url": live_server.url}])
    page = context.new_page()
    found = {}
    for name, path in {**pages_of(sample), "me": "/me/"}.items():
        if name in ("login", "sign-up"):
            continue
        page.goto(live_server.url + path)
        found[name] = axe_violations(page)
    context.close()

    assert found == {name: [] for name in found}, json.dumps(found, indent=1)


def test_axe_finds_nothing_on_a_phone(live_server, browser, sample):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    found = {}
    for name in ("list", "grid", "talk"):
        page.goto(live_server.url + pages_of(sample)[name])
        found[name] = axe_violations(page)
    context.close()

    assert found == {name: [] for name in found}, json.dumps(found, indent=1)
