from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from interests.models import Interest
from presentations.models import Conference, ImportRun, Presentation, ScheduleChange
from scraper.importer import import_schedule
from scraper.records import ScheduleRecord
from tests.records import talk

TZ = ZoneInfo("America/Los_Angeles")


def schedule(*records) -> ScheduleRecord:
    return ScheduleRecord(
        slug="pycon-2016",
        name="PyCon US 2016",
        timezone="America/Los_Angeles",
        source_url="http://example.test/2016/schedule/",
        presentations=list(records),
    )


@pytest.mark.django_db
def test_import_new_schedule_creates_conference_and_presentations():
    result = import_schedule(schedule(talk(), talk("1659", title="Other")))

    assert result.summary() == "created 2, updated 0, unchanged 0, cancelled 0, failed 0"
    conference = Conference.objects.get()
    assert (conference.slug, conference.timezone, str(conference.start_date)) == (
        "pycon-2016",
        "America/Los_Angeles",
        "2016-05-30",
    )
    stored = Presentation.objects.get(source_id="1658")
    assert stored.speakers == ["Ned Batchelder"]
    assert stored.speaker_names == "Ned Batchelder"
    assert stored.start == datetime(2016, 5, 30, 10, 50, tzinfo=TZ)
    assert stored.status == "scheduled"


@pytest.mark.django_db
def test_import_unchanged_schedule_writes_nothing(django_assert_max_num_queries):
    import_schedule(schedule(talk(), talk("1659")))
    before = Presentation.objects.get(source_id="1658").updated

    result = import_schedule(schedule(talk(), talk("1659")))

    assert result.summary() == "created 0, updated 0, unchanged 2, cancelled 0, failed 0"
    assert Presentation.objects.get(source_id="1658").updated == before
    assert ImportRun.objects.count() == 1  # only the first run wrote anything
    assert ScheduleChange.objects.count() == 0


@pytest.mark.django_db
def test_import_room_change_records_change_and_bumps_sequence():
    import_schedule(schedule(talk()))

    result = import_schedule(schedule(talk(room="Portland Ballroom 252–253")))

    assert result.summary() == "created 0, updated 1, unchanged 0, cancelled 0, failed 0"
    stored = Presentation.objects.get()
    assert (stored.room, stored.sequence) == ("Portland Ballroom 252–253", 1)
    change = ScheduleChange.objects.get()
    assert (change.field, change.old, change.new) == ("room", "Oregon Ballroom 201–202", "Portland Ballroom 252–253")
    assert change.run.updated_count == 1


@pytest.mark.django_db
def test_import_description_change_keeps_sequence():
    import_schedule(schedule(talk()))

    import_schedule(schedule(talk(description="Reworded.")))

    assert Presentation.objects.get().sequence == 0
    assert list(ScheduleChange.objects.values_list("field", flat=True)) == ["description"]


@pytest.mark.django_db
def test_import_vanished_presentation_is_cancelled_with_interests_kept_then_restored(make_user):
    import_schedule(schedule(talk(), talk("1659")))
    user = make_user()
    Interest.objects.create(user=user, presentation=Presentation.objects.get(source_id="1659"))

    gone = import_schedule(schedule(talk()))
    again = import_schedule(schedule(talk()))
    back = import_schedule(schedule(talk(), talk("1659")))

    assert gone.summary() == "created 0, updated 0, unchanged 1, cancelled 1, failed 0"
    assert again.summary() == "created 0, updated 0, unchanged 2, cancelled 0, failed 0"
    assert back.summary() == "created 0, updated 1, unchanged 1, cancelled 0, failed 0"
    stored = Presentation.objects.get(source_id="1659")
    assert (stored.status, stored.sequence) == ("scheduled", 2)
    assert Interest.objects.filter(user=user, presentation=stored).exists()
    assert list(ScheduleChange.objects.order_by("pk").values_list("field", "old", "new")) == [
        ("status", "scheduled", "cancelled"),
        ("status", "cancelled", "scheduled"),
    ]


@pytest.mark.django_db
def test_import_dry_run_reports_and_writes_nothing():
    import_schedule(schedule(talk()))

    result = import_schedule(schedule(talk(title="New title"), talk("1659")), dry_run=True)

    assert result.summary() == "created 1, updated 1, unchanged 0, cancelled 0, failed 0"
    assert result.changes == [
        "update 1658 'New title' (title: 'Machete-mode debugging' → 'New title')",
        "create 1659 'Machete-mode debugging'",
    ]
    assert Presentation.objects.count() == 1
    assert Presentation.objects.get().title == "Machete-mode debugging"
    assert ScheduleChange.objects.count() == 0


@pytest.mark.django_db
def test_import_counts_failures_from_the_parser():
    record = schedule(talk())
    record.failures.append("http://example.test/2016/schedule/presentation/9/: 404 Not Found")

    result = import_schedule(record)

    assert result.summary() == "created 1, updated 0, unchanged 0, cancelled 0, failed 1"
