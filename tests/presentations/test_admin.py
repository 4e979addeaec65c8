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
        "speakers": '["Ned Batchelder"]',
        # The admin sends a field with a callable default (speakers=list) along with its initial value.
        "initial-speakers": '["Ned Batchelder"]',
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
