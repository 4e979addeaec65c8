"""Staff manage talks in the admin; an edit of time, room, title or status is recorded like a scraped one."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from presentations.models import Presentation, ScheduleChange

PACIFIC = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_superuser("organiser", "organiser@example.org", "a-long-password-1")
    client.force_login(user)
    client.user = user
    return client


def form_data(presentation, **changes) -> dict:
    start = presentation.start.astimezone(PACIFIC)
    end = presentation.end.astimezone(PACIFIC)
    data = {
        "conference": presentation.conference_id,
        "kind": presentation.kind,
        "title": presentation.title,
        "speakers": "Ned Batchelder",
        "category": "",
        "audience": "",
        "room": presentation.room,
        "start_0": start.strftime("%Y-%m-%d"),
        "start_1": start.strftime("%H:%M:%S"),
        "end_0": end.strftime("%Y-%m-%d"),
        "end_1": end.strftime("%H:%M:%S"),
        "description": "",
        "abstract": "",
        "url": "",
        "language": "",
        "recorded": "unknown",
        "status": presentation.status,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_admin_room_change_is_recorded_with_the_editor_and_bumps_sequence(staff_client, make_presentation, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    talk = make_presentation(speakers=["Ned Batchelder"], room="Oregon Ballroom 201–202")

    response = staff_client.post(
        f"/admin/presentations/presentation/{talk.pk}/change/", form_data(talk, room="Portland Ballroom 252–253")
    )

    assert response.status_code == 302, response.content[:2000]
    talk.refresh_from_db()
    assert (talk.room, talk.sequence) == ("Portland Ballroom 252–253", 1)
    change = ScheduleChange.objects.get()
    assert (change.field, change.old, change.new, change.changed_by, change.run) == (
        "room",
        "Oregon Ballroom 201–202",
        "Portland Ballroom 252–253",
        staff_client.user,
        None,
    )


@pytest.mark.django_db
def test_admin_unchanged_save_records_nothing(staff_client, make_presentation, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    talk = make_presentation(speakers=["Ned Batchelder"])

    staff_client.post(f"/admin/presentations/presentation/{talk.pk}/change/", form_data(talk))

    talk.refresh_from_db()
    assert (talk.sequence, ScheduleChange.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_admin_list_filters_and_search(staff_client, make_presentation):
    make_presentation(title="Machete-mode debugging", speakers=["Ned Batchelder"])
    make_presentation(title="Other talk", start=datetime(2016, 5, 31, 9, 0, tzinfo=PACIFIC))

    found = staff_client.get("/admin/presentations/presentation/", {"q": "Batchelder"})
    by_day = staff_client.get("/admin/presentations/presentation/", {"day": "2016-05-31"})
    by_duration = staff_client.get("/admin/presentations/presentation/", {"duration": "30"})

    assert found.context["cl"].result_count == 1
    assert [p.title for p in by_day.context["cl"].result_list] == ["Other talk"]
    assert by_duration.context["cl"].result_count == 2


@pytest.mark.django_db
def test_admin_refuses_non_staff(client, make_user):
    client.force_login(make_user())

    response = client.get("/admin/presentations/presentation/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/admin/login/?next=/admin/presentations/presentation/",
    )


CHICAGO = ZoneInfo("America/Chicago")


@pytest.mark.django_db
def test_admin_shows_and_takes_times_in_the_conference_zone(staff_client, make_conference, make_presentation):
    # The site runs in UTC; the conference is in Chicago: a 9:30 CDT keynote reads 09:30, not 14:30.
    conference = make_conference(timezone="America/Chicago")
    talk = make_presentation(
        conference,
        speakers=["Ned Batchelder"],
        start=datetime(2024, 5, 17, 9, 30, tzinfo=CHICAGO),
        end=datetime(2024, 5, 17, 10, 0, tzinfo=CHICAGO),
    )

    page = staff_client.get(f"/admin/presentations/presentation/{talk.pk}/change/").content.decode()
    data = form_data(talk, start_0="2024-05-17", start_1="19:40:00", end_0="2024-05-17", end_1="20:10:00")
    response = staff_client.post(f"/admin/presentations/presentation/{talk.pk}/change/", data)

    assert 'name="start_1" value="09:30:00"' in page
    assert "In the conference's time zone, America/Chicago." in page
    assert response.status_code == 302, response.content[:2000]
    talk.refresh_from_db()
    assert talk.start == datetime(2024, 5, 17, 19, 40, tzinfo=CHICAGO)


@pytest.mark.django_db
def test_admin_edits_speakers_as_lines(staff_client, make_presentation, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    talk = make_presentation(speakers=["Ned Batchelder", "Łukasz Langa"])

    page = staff_client.get(f"/admin/presentations/presentation/{talk.pk}/change/").content.decode()
    staff_client.post(
        f"/admin/presentations/presentation/{talk.pk}/change/",
        form_data(talk, speakers="Ned Batchelder\r\n  Grace Hopper \r\n\r\n"),
    )

    talk.refresh_from_db()
    assert ">\nNed Batchelder\nŁukasz Langa</textarea>" in page
    assert talk.speakers == ["Ned Batchelder", "Grace Hopper"]


@pytest.mark.django_db
def test_admin_save_of_an_unchanged_form_records_nothing(staff_client, make_presentation, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    talk = make_presentation(speakers=["Ned Batchelder"], description="First line.\nSecond line.")

    # What a browser sends back for the untouched textarea: \r\n line ends.
    response = staff_client.post(
        f"/admin/presentations/presentation/{talk.pk}/change/",
        form_data(talk, description="First line.\r\nSecond line."),
    )

    assert response.status_code == 302, response.content[:2000]
    talk.refresh_from_db()
    assert (ScheduleChange.objects.count(), talk.description, talk.sequence) == (0, "First line.\nSecond line.", 0)


@pytest.mark.django_db
def test_admin_login_has_a_heading(client):
    page = client.get("/admin/login/").content.decode()

    assert "<h1>Sign in to manage PyCon Guide</h1>" in page


@pytest.mark.django_db
def test_admin_unchanged_save_leaves_feed_stamps_and_etag_alone(staff_client, make_presentation, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    talk = make_presentation(speakers=["Ned Batchelder"])
    before = staff_client.get(f"/talks/{talk.pk}.ics")

    response = staff_client.post(f"/admin/presentations/presentation/{talk.pk}/change/", form_data(talk))
    after = staff_client.get(f"/talks/{talk.pk}.ics")

    assert response.status_code == 302
    assert Presentation.objects.get(pk=talk.pk).updated == talk.updated
    assert (after["ETag"], after.content) == (before["ETag"], before.content)


@pytest.mark.django_db
def test_admin_real_change_moves_the_feed(staff_client, make_presentation, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    talk = make_presentation(speakers=["Ned Batchelder"])
    before = staff_client.get(f"/talks/{talk.pk}.ics")

    staff_client.post(f"/admin/presentations/presentation/{talk.pk}/change/", form_data(talk, title="A new title"))
    after = staff_client.get(f"/talks/{talk.pk}.ics")

    assert after["ETag"] != before["ETag"]
    assert b"SUMMARY:A new title" in after.content
