"""Every schedule page runs the same queries whether the conference has 1 presentation or 150."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interests.models import Interest
from presentations.models import ScheduleChange

# Both kinds of views of the list and the talk page (tests/presentations/conftest.py).
pytestmark = pytest.mark.usefixtures("page_views")

TZ = ZoneInfo("America/Los_Angeles")
MOST_QUERIES = 8
PAGES = [
    "/big/",
    "/big/?mine=1",
    "/big/?day=2016-05-30&category=Science&q=talk&duration=30",
    "/big/grid/",
    "/big/grid/?day=2016-05-31",
]


@pytest.fixture
def conference_of(make_conference, make_presentation, make_user):
    """A conference of `size` presentations over three days and five rooms, each with interests."""

    def build(size: int, user):
        conference = make_conference(slug="big")
        others = [make_user(password=None) for _ in range(3)]
        for n in range(size):
            start = datetime(2016, 5, 30, 9, 0, tzinfo=TZ) + timedelta(days=n % 3, minutes=30 * (n // 15))
            talk = make_presentation(
                conference,
                title=f"Talk {n}",
                kind=["talk", "tutorial", "break"][n % 3],
                category=["Science", "Web"][n % 2],
                audience="Novice",
                room=f"Room {n % 5}",
                start=start,
                end=start + timedelta(minutes=30),
                speakers=[f"Speaker {n}", f"Cospeaker {n}"],
            )
            for other in others[: n % 4]:
                Interest.objects.create(user=other, presentation=talk)
            if n % 2:
                Interest.objects.create(user=user, presentation=talk)
            ScheduleChange.objects.create(presentation=talk, field="room", old="A", new=talk.room, at=start)
        return conference

    return build


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
@pytest.mark.parametrize("url", PAGES)
def test_page_queries_do_not_grow_with_presentations(client, conference_of, make_user, url, signed_in):
    counts = []
    for size in (1, 150):
        user = make_user(password=None)
        conference = conference_of(size, user)
        if signed_in:
            client.force_login(user)
        counts.append(count_queries(client, url))
        Interest.objects.all().delete()  # interests protect presentations from deletion
        conference.delete()

    assert counts[0] == counts[1] <= MOST_QUERIES, counts


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_talk_page_queries_do_not_grow_with_changes(client, conference_of, make_user, signed_in):
    user = make_user(password=None)
    conference = conference_of(150, user)
    if signed_in:
        client.force_login(user)
    few, many = conference.presentations.order_by("pk")[:2]
    ScheduleChange.objects.bulk_create(
        ScheduleChange(presentation=many, field="title", old=str(n), new=str(n + 1), at=many.start) for n in range(50)
    )

    assert count_queries(client, f"/talks/{few.pk}/") == count_queries(client, f"/talks/{many.pk}/") <= MOST_QUERIES
