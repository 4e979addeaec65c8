"""The conference index in real Chromium: `/` lists the conferences (on now and coming first, then past),
each opens its schedule, and the header's switcher goes from one conference to another by keyboard."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from scraper.importer import import_schedule
from scraper.records import ScheduleRecord
from tests.records import talk


def conference(slug: str, name: str, first_day) -> None:
    start = timezone.now().replace(microsecond=0) + (first_day - timezone.now().date())
    import_schedule(
        ScheduleRecord(
            slug=slug,
            name=name,
            timezone="UTC",
            presentations=[talk(f"{slug}-1", title=f"Opening of {name}", start=start, end=start + timedelta(hours=1))],
            start=first_day,
            end=first_day + timedelta(days=2),
        )
    )


@pytest.mark.django_db(transaction=True)
def test_index_lists_coming_then_past_and_the_switcher_moves_between_them(live_server, page):
    today = timezone.now().date()
    conference("old-con", "Old Con", today - timedelta(days=400))
    conference("next-con", "Next Con", today + timedelta(days=30))

    page.goto(f"{live_server.url}/")

    sections = page.locator("main section")
    expect(page.get_by_role("heading", level=1)).to_have_text("Conferences")
    expect(sections.locator("h2")).to_have_text(["On now and coming up", "Past"])
    expect(sections.nth(0).locator(".conference-item a")).to_have_text(["Next Con"])
    expect(sections.nth(1).locator(".conference-item a")).to_have_text(["Old Con"])

    page.get_by_role("link", name="Next Con").click()
    expect(page).to_have_url(f"{live_server.url}/next-con/")
    expect(page.locator(".card-title")).to_have_text(["Opening of Next Con"])

    switcher = page.locator("nav.switcher summary")
    switcher.focus()
    page.keyboard.press("Enter")
    other = page.locator("nav.switcher").get_by_role("link", name="Old Con")
    other.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/old-con/")
    assert page.console_errors == []
