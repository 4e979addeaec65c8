"""Issue 6 end to end, in one process: scrape the real 2016 site, then a copy where 1658 moved, 2073 changed
room and 1694 vanished, then the original again. After each run: the change records, the `presentation`
messages an open socket receives, the personal feed's SEQUENCE and STATUS, the changes page, the badges
on the cards; and every interest survives."""

from __future__ import annotations

from io import StringIO

import lxml.html
import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.management import call_command
from django.test import Client
from icalendar import Calendar

from interests.models import CalendarFeed, Interest
from presentations.models import Presentation, ScheduleChange
from pyconguide.asgi import application

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

MARKED = ["1658", "2073", "1694", "1577"]
BEFORE = {"1658": ("2016-05-30T10:50:00-07:00", "2016-05-30T11:20:00-07:00"), "2073": "Oregon Ballroom 201–202"}
AFTER = {"1658": ("2016-05-30T14:35:00-07:00", "2016-05-30T15:05:00-07:00"), "2073": "Portland Ballroom 252–253"}


def scrape(base_url: str) -> str:
    out = StringIO()
    call_command("scrape", "--year", "2016", "--base-url", base_url, stdout=out, stderr=StringIO())
    return out.getvalue().splitlines()[-1]


async def messages_of(socket: WebsocketCommunicator) -> dict[int, dict]:
    """Every message the socket has, by presentation (without its `seq`); then proof that nothing else comes."""
    received = {}
    while not await socket.receive_nothing(timeout=1):
        message = await socket.receive_json_from()
        message.pop("seq")
        received[message["presentation"]] = message
    return received


def presentation_messages(ids: dict[str, int], *, forward: bool) -> dict[int, dict]:
    def pair(source_id, index=None):
        old, new = BEFORE[source_id], AFTER[source_id]
        if index is not None:
            old, new = old[index], new[index]
        return [old, new] if forward else [new, old]

    status = ["scheduled", "cancelled"] if forward else ["cancelled", "scheduled"]
    return {
        ids["1658"]: {
            "type": "presentation",
            "presentation": ids["1658"],
            "changes": {"start": pair("1658", 0), "end": pair("1658", 1)},
        },
        ids["2073"]: {"type": "presentation", "presentation": ids["2073"], "changes": {"room": pair("2073")}},
        ids["1694"]: {"type": "presentation", "presentation": ids["1694"], "changes": {"status": status}},
    }


def feed_state(token: str) -> dict[str, tuple[int, str]]:
    response = Client().get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    return {str(e["UID"]).split("-")[2].split("@")[0]: (int(e["SEQUENCE"]), str(e["STATUS"])) for e in events}


def page_texts(path: str, selector: str) -> list[str]:
    response = Client().get(path)
    assert response.status_code == 200
    document = lxml.html.fromstring(response.content)
    return [" ".join(element.text_content().split()) for element in document.cssselect(selector)]


def badges(ids: dict[str, int]) -> dict[str, list[str]]:
    """The badges of the marked talks on the list, on their day's grid and on their page, as a visitor sees them."""
    shown = {}
    for source_id in MARKED:
        pk = ids[source_id]
        talk = Presentation.objects.select_related("conference").get(pk=pk)
        day = talk.start.astimezone(talk.conference.tzinfo).date().isoformat()
        card = page_texts(f"/pycon-2016/?day={day}", f"#p-{pk} .badge")
        grid = page_texts(f"/pycon-2016/grid/?day={day}", f'.grid-item[data-presentation="{pk}"] .badge')
        page = page_texts(f"/talks/{pk}/", "h1 .badge")
        shown[source_id] = [*card, "|", *grid, "|", *page]
    return shown


@database_sync_to_async
def mark_talks() -> tuple[dict[str, int], str, int]:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="ada", email="ada@example.com", password="x" * 20)
    talks = Presentation.objects.filter(conference__slug="pycon-2016", source_id__in=MARKED)
    Interest.objects.bulk_create(Interest(user=user, presentation=p) for p in talks)
    feed = CalendarFeed.objects.create(user=user)
    return {p.source_id: p.pk for p in talks}, feed.token, user.pk


async def test_rescrapes_reach_sockets_feeds_pages_and_keep_interests(pycon_site, pycon_archive, changed_archive_dir):
    first = await sync_to_async(scrape)(pycon_site.url)
    ids, token, user_id = await mark_talks()
    socket = WebsocketCommunicator(
        application, "/ws/?conference=pycon-2016", headers=[(b"origin", b"http://testserver")]
    )
    assert (await socket.connect())[0]
    assert (await socket.receive_json_from())["type"] == "snapshot"

    pycon_site.show(changed_archive_dir)
    changed = await sync_to_async(scrape)(pycon_site.url)
    after_change = {
        "messages": await messages_of(socket),
        "feed": await sync_to_async(feed_state)(token),
        "changes page": await sync_to_async(page_texts)("/pycon-2016/changes/", ".change"),
        "badges": await sync_to_async(badges)(ids),
    }
    pycon_site.show(pycon_archive)
    restored = await sync_to_async(scrape)(pycon_site.url)
    after_restore = {
        "messages": await messages_of(socket),
        "feed": await sync_to_async(feed_state)(token),
        "badges": await sync_to_async(badges)(ids),
    }
    await socket.disconnect()

    assert (first, changed, restored) == (
        "created 208, updated 0, unchanged 0, cancelled 0, failed 71",
        "created 0, updated 2, unchanged 205, cancelled 1, failed 71",
        "created 0, updated 3, unchanged 205, cancelled 0, failed 71",
    )
    assert after_change["messages"] == presentation_messages(ids, forward=True)
    assert after_restore["messages"] == presentation_messages(ids, forward=False)
    assert after_change["feed"] == {
        "1658": (1, "CONFIRMED"),
        "2073": (1, "CONFIRMED"),
        "1694": (1, "CANCELLED"),
        "1577": (0, "CONFIRMED"),
    }
    assert after_restore["feed"] == {
        "1658": (2, "CONFIRMED"),
        "2073": (2, "CONFIRMED"),
        "1694": (2, "CONFIRMED"),
        "1577": (0, "CONFIRMED"),
    }
    titles = await database_sync_to_async(lambda: dict(Presentation.objects.values_list("source_id", "title")))()
    assert sorted(after_change["changes page"]) == sorted(
        [
            f"{titles['1658']} Moved from Mon 10:50 AM to Mon 2:35 PM",
            f"{titles['2073']} Room: Oregon Ballroom 201–202 → Portland Ballroom 252–253",
            f"{titles['1694']} Cancelled",
        ]
    )
    assert after_change["badges"] == {
        "1658": ["Moved", "|", "Moved", "|", "Moved"],
        "2073": ["Moved", "|", "Moved", "|", "Moved"],
        "1694": ["Cancelled", "|", "Cancelled", "|", "Cancelled"],
        "1577": ["|", "|"],
    }
    # Back where they were first published: nothing is "moved" any more.
    assert after_restore["badges"] == {source_id: ["|", "|"] for source_id in MARKED}
    assert await database_sync_to_async(ScheduleChange.objects.count)() == 8
    interests = await database_sync_to_async(
        lambda: sorted(Interest.objects.filter(user_id=user_id).values_list("presentation__source_id", flat=True))
    )()
    assert interests == sorted(MARKED)
