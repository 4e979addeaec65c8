"""The My talks page in real Chromium: copy the feed address, confirm before replacing it."""

import pytest
from django.conf import settings
from django.test import Client

from interests.models import CalendarFeed, Interest
from presentations.models import Presentation
from scraper.importer import import_schedule
from scraper.sample import sample_schedule


def signed_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


@pytest.mark.django_db(transaction=True)
def test_me_page_copies_link_and_replaces_it_after_confirming(live_server, page, make_user):
    import_schedule(sample_schedule())
    user = make_user()
    talk = Presentation.objects.filter(kind="talk").order_by("start", "room").first()
    Interest.objects.create(user=user, presentation=talk)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    signed_in(page, live_server, user)

    page.goto(live_server.url + "/me/")
    page.get_by_role("button", name="Copy").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    old = CalendarFeed.objects.get(user=user).token
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Replace link").click()
    page.wait_for_selector("text=The old one no longer works")

    new = CalendarFeed.objects.get(user=user).token
    assert copied == f"{live_server.url}/calendar/{old}.ics"
    assert page.locator(f'[data-presentation="{talk.pk}"] .title').inner_text() == talk.title
    assert new != old
    assert page.locator("#feed-url").input_value() == f"{live_server.url}/calendar/{new}.ics"
    assert dialogs == [
        "Replace your calendar link? The old link stops working at once, and every calendar subscribed to it "
        "stops updating."
    ]
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_me_page_keeps_link_when_replacement_is_cancelled(live_server, page, make_user):
    user = make_user()
    feed = CalendarFeed.objects.create(user=user)
    signed_in(page, live_server, user)

    page.goto(live_server.url + "/me/")
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Replace link").click()
    page.wait_for_timeout(300)  # a submit would have navigated by now

    assert CalendarFeed.objects.get(user=user).token == feed.token
    assert page.console_errors == []
