from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from interests.models import Interest


@pytest.mark.django_db
def test_schedule_json_matches_spec(client, make_conference, make_presentation, make_user):
    conference = make_conference(slug="pycon-2016", name="PyCon US 2016", timezone="America/Los_Angeles")
    tz = ZoneInfo("America/Los_Angeles")
    talk = make_presentation(
        conference,
        source_id="1658",
        title="Machete-mode debugging",
        speakers=["Ned Batchelder", "Łukasz L"],
        category="Best Practices & Patterns",
        audience="Intermediate",
        room="Oregon Ballroom 201–202",
        url="https://us.pycon.org/2016/schedule/presentation/1658/",
        start=datetime(2016, 5, 30, 10, 50, tzinfo=tz),
        end=datetime(2016, 5, 30, 11, 20, tzinfo=tz),
    )
    Interest.objects.create(user=make_user(), presentation=talk)
    conference.start_date = conference.end_date = datetime(2016, 5, 30).date()
    conference.save()

    response = client.get("/pycon-2016/schedule.json")

    assert response.status_code == 200
    assert response.json() == {
        "conference": {
            "slug": "pycon-2016",
            "name": "PyCon US 2016",
            "timezone": "America/Los_Angeles",
            "start": "2016-05-30",
            "end": "2016-05-30",
        },
        "presentations": [
            {
                "id": talk.pk,
                "source_id": "1658",
                "title": "Machete-mode debugging",
                "speakers": ["Ned Batchelder", "Łukasz L"],
                "kind": "talk",
                "category": "Best Practices & Patterns",
                "audience": "Intermediate",
                "room": "Oregon Ballroom 201–202",
                "start": "2016-05-30T10:50:00-07:00",
                "end": "2016-05-30T11:20:00-07:00",
                "status": "scheduled",
                "interest_count": 1,
                "url": "https://us.pycon.org/2016/schedule/presentation/1658/",
            }
        ],
    }


@pytest.mark.django_db
def test_schedule_json_unknown_conference_is_404(client):
    assert client.get("/nope/schedule.json").status_code == 404


@pytest.mark.django_db
def test_home_without_conference_explains_how_to_load_one(client):
    response = client.get("/")

    assert response.status_code == 200
    assert b"python manage.py scrape --year 2016" in response.content


@pytest.mark.django_db
def test_home_lists_conferences_when_there_are_several(client, make_conference):
    # One conference: `/` goes to it (tests/presentations/test_index.py); several: `/` lists them.
    make_conference(slug="old", start_date=datetime(2015, 4, 1).date())
    make_conference(slug="new", start_date=datetime(2016, 5, 28).date())

    response = client.get("/")

    assert (response.status_code, b'href="/new/"' in response.content, b'href="/old/"' in response.content) == (
        200,
        True,
        True,
    )
