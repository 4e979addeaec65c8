"""A scrape run in another process reaches open pages in real Chromium on a real Daphne, without a reload:
the list moves the card to its new time and room, the grid redraws the block in its new place, the
cancelled talk is marked, and the person who marked the talks is told what happened to them.

The scrape command and Daphne are separate processes, so they meet through Redis: the children get the
configured REDIS_URL, or the local Redis when one answers, with a channel prefix of their own; the test
is skipped only when no Redis answers. Screenshots of the notice and the changes page are written to
docs/screenshots/ when PYCONGUIDE_SCREENSHOTS=1 (`make screenshots`).
"""

from __future__ import annotations

import os
import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from interests.models import Interest
from presentations.grid import grid_of
from presentations.models import Conference, Presentation
from presentations.queries import schedule_page_of
from tests.browser.live_pages import open_page

MONDAY = date(2016, 5, 30)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def grid_styles(conference: Conference, pk: int) -> list[str]:
    """Where the server itself would draw presentation `pk` on Monday's grid now."""
    on_monday = list(schedule_page_of(conference).on_day(MONDAY, conference.tzinfo))
    with timezone.override(conference.tzinfo):
        grid = grid_of(on_monday, MONDAY)
    return [block.lines for block in grid.blocks if block.presentation.pk == pk]


def screenshot(page, name: str) -> None:
    if os.environ.get("PYCONGUIDE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name))


@pytest.mark.django_db(transaction=True)
def test_scrape_in_another_process_moves_cards_and_tells_who_marked_them(
    browser, daphne, run_command, redis_for_children, pycon_site, changed_archive_dir, make_user, session_cookie
):
    call_command("scrape", "--year", "2016", "--base-url", pycon_site.url, stdout=StringIO(), stderr=StringIO())
    conference = Conference.objects.get(slug="pycon-2016")
    talks = {p.source_id: p for p in Presentation.objects.filter(source_id__in=["1658", "2073", "1694"])}
    moved, rerooted, vanished = talks["1658"], talks["2073"], talks["1694"]
    ada = make_user(username="ada")
    Interest.objects.bulk_create([Interest(user=ada, presentation=moved), Interest(user=ada, presentation=rerooted)])
    host = daphne(**redis_for_children)
    opened = [
        open_page(browser, host, "/pycon-2016/?day=2016-05-30", session_cookie(ada)),
        open_page(browser, host, "/pycon-2016/grid/?day=2016-05-30"),
        open_page(browser, host, "/pycon-2016/"),
    ]
    contexts, pages = zip(*opened, strict=True)
    ada_list, visitor_grid, visitor_list = pages
    before = grid_styles(conference, moved.pk)

    pycon_site.show(changed_archive_dir)
    scrape = run_command("scrape", "--year", "2016", "--base-url", pycon_site.url, **redis_for_children)
    assert scrape.returncode == 0, scrape.stderr

    moved_card = ada_list.locator(f"#p-{moved.pk}")
    expect(moved_card.locator(".badge-moved")).to_have_text("Moved")
    expect(ada_list.locator("#at-2016-05-30-1435").locator(f"#p-{moved.pk}")).to_have_count(1)
    expect(ada_list.locator(f"#p-{rerooted.pk} .fact-room")).to_have_text("Portland Ballroom 252–253")
    notices = ada_list.locator(".live-notices .live-notice-text")
    expect(notices).to_have_count(2)
    expect(ada_list.locator(".live-notices")).to_have_attribute("role", "status")
    screenshot(ada_list, "change-notice.png")
    notice_texts = sorted(notices.all_inner_texts())
    after = grid_styles(conference, moved.pk)
    # Placed by line classes (css/grid-lines.css), redrawn where the server now draws it.
    expect(visitor_grid.locator(f'.grid-item[data-presentation="{moved.pk}"]')).to_have_class(
        re.compile(r"\b" + re.escape(after[0]) + r"\b")
    )
    expect(visitor_grid.locator(f'.grid-item[data-presentation="{moved.pk}"] .badge-moved')).to_have_text("Moved")
    expect(visitor_list.locator(f"#p-{vanished.pk} .badge-cancelled")).to_have_text("Cancelled")
    expect(visitor_list.locator(f"#p-{moved.pk} .badge-moved")).to_have_text("Moved")

    ada_list.locator(".live-notices button").first.click()
    expect(notices).to_have_count(1)
    ada_not_reloaded = ada_list.evaluate("window.notReloaded")
    ada_list.goto(f"http://{host}/pycon-2016/changes/")
    screenshot(ada_list, "changes.png")

    assert notice_texts == sorted(
        [
            f"“{moved.title}” moved to Oregon Ballroom 201–202, Mon 2:35 PM PDT.",
            f"“{rerooted.title}” moved to Portland Ballroom 252–253, Mon 11:30 AM PDT.",
        ]
    )
    assert len(before) == len(after) == 1 and before != after
    assert [page.locator(".live-notice").count() for page in (visitor_grid, visitor_list)] == [0, 0]
    assert [ada_not_reloaded, *(page.evaluate("window.notReloaded") for page in (visitor_grid, visitor_list))] == [
        True,
        True,
        True,
    ]
    assert [page.console_errors for page in pages] == [[], [], []]
    for context in contexts:
        context.close()
