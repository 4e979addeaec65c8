"""`GET /<slug>/changes/`: what changed, newest first, by scrape or by person, readable, in few queries."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from presentations.models import ImportRun, ScheduleChange
from presentations.queries import latest_changes

TZ = ZoneInfo("America/Los_Angeles")


def at(hour: int, minute: int = 0, day: int = 30) -> datetime:
    return datetime(2016, 5, day, hour, minute, tzinfo=TZ)


def texts(response, selector: str) -> list[str]:
    assert response.status_code == 200
    document = lxml.html.fromstring(response.content)
    return [" ".join(element.text_content().split()) for element in document.cssselect(selector)]


@pytest.fixture
def conference(make_conference):
    return make_conference(slug="pycon-2016", name="PyCon US 2016", start_date=date(2016, 5, 30))


def record(talk, run=None, user=None, when=None, **fields):
    for name, (old, new) in fields.items():
        ScheduleChange.objects.create(
            presentation=talk, field=name, old=old, new=new, at=when or at(8), run=run, changed_by=user
        )


def test_changes_page_groups_by_scrape_and_editor_newest_first(client, conference, make_presentation, make_user):
    machete = make_presentation(conference, title="Machete-mode debugging", start=at(14, 35), end=at(15, 5))
    refactoring = make_presentation(conference, title="Refactoring Python", room="Portland Ballroom 252–253")
    flask = make_presentation(conference, title="Prototyping with Flask", status="cancelled")
    run = ImportRun.objects.create(conference=conference, source="https://us.pycon.org/2016/schedule/", started=at(7))
    record(
        machete,
        run,
        start=(at(10, 50).isoformat(), at(14, 35).isoformat()),
        end=(at(11, 20).isoformat(), at(15, 5).isoformat()),
    )
    record(refactoring, run, room=("Oregon Ballroom 201–202", "Portland Ballroom 252–253"))
    record(flask, run, status=("scheduled", "cancelled"))
    editor = make_user(username="staffer", email="staffer@example.com")
    record(flask, user=editor, when=at(9, day=31), title=("Prototyping", "Prototyping with Flask"))

    response = client.get("/pycon-2016/changes/")

    assert texts(response, ".change-batch h3") == [
        "Tuesday, May 31, 2016, 9:00 AM PDT",
        "Monday, May 30, 2016, 8:00 AM PDT",
    ]
    assert texts(response, ".change-source") == ["Edited by staffer", "Scrape of https://us.pycon.org/2016/schedule/"]
    assert texts(response, ".change") == [
        "Prototyping with Flask Title changed (was “Prototyping”)",
        "Prototyping with Flask Cancelled",
        "Refactoring Python Room: Oregon Ballroom 201–202 → Portland Ballroom 252–253",
        "Machete-mode debugging Moved from Mon 10:50 AM to Mon 2:35 PM",
    ]
    assert texts(response, ".zone") == ["Times in America/Los_Angeles (PDT)"]
    document = lxml.html.fromstring(response.content)
    assert [a.get("href") for a in document.cssselect(".change > a")] == [
        f"/talks/{flask.pk}/",
        f"/talks/{flask.pk}/",
        f"/talks/{refactoring.pk}/",
        f"/talks/{machete.pk}/",
    ]
    assert b"staffer@example.com" not in response.content


def test_changes_page_without_changes_says_so(client, conference, make_presentation):
    make_presentation(conference)

    response = client.get("/pycon-2016/changes/")

    assert texts(response, ".empty-state h2") == ["No changes yet"]
    assert texts(response, ".change-batch") == []


def test_changes_page_unknown_conference_is_404(client, db):
    assert client.get("/no-such-conference/changes/").status_code == 404


@pytest.mark.parametrize("path", ["/pycon-2016/", "/pycon-2016/grid/", "/pycon-2016/changes/"])
def test_changes_page_linked_from_every_schedule_view(client, conference, make_presentation, path):
    make_presentation(conference)

    assert texts(client.get(path), ".view-tabs a") == ["List", "Grid", "Changes"]


def test_changes_page_queries_do_not_grow_with_changes(client, conference, make_presentation, make_user):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/pycon-2016/changes/").status_code == 200
        return len(captured)

    talk = make_presentation(conference)
    record(talk, ImportRun.objects.create(conference=conference, source="x", started=at(7)), room=("A", "B"))
    one = queries()
    editor = make_user()
    for n in range(60):
        other = make_presentation(conference, title=f"Talk {n}")
        run = ImportRun.objects.create(conference=conference, source=f"run {n}", started=at(7))
        record(other, run, room=("A", "B"), start=(at(9).isoformat(), at(10).isoformat()))
        record(other, user=editor, when=at(9, n), title=("Old", f"Talk {n}"))

    # The page, its changes, and the conferences for the header's switcher.
    assert queries() == one == 3


def test_latest_changes_capped_newest_first(conference, make_presentation):
    talk = make_presentation(conference)
    for minute in range(5):
        record(talk, when=at(8, minute), room=(str(minute), str(minute + 1)))

    assert [change.new for change in latest_changes(conference, limit=3)] == ["5", "4", "3"]
