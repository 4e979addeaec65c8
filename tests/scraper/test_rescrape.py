"""Scrape the real 2016 site, then a copy where one talk moved, one changed room and one vanished, then the
original again: the change records say exactly that and nobody's interests are lost."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from interests.models import Interest
from presentations.models import Presentation, ScheduleChange

PACIFIC = ZoneInfo("America/Los_Angeles")


def scrape(base_url: str) -> str:
    out = StringIO()
    call_command("scrape", "--year", "2016", "--base-url", base_url, stdout=out, stderr=StringIO())
    return out.getvalue().splitlines()[-1]


def changes() -> set[tuple]:
    return set(ScheduleChange.objects.values_list("presentation__source_id", "field", "old", "new"))


@pytest.mark.django_db
def test_rescrape_records_move_room_change_and_cancellation_then_restores(
    pycon_site, pycon_archive, changed_archive_dir, make_user
):
    scrape(pycon_site.url)
    user = make_user()
    marked = Presentation.objects.filter(source_id__in=["1658", "2073", "1694", "1577"])
    Interest.objects.bulk_create(Interest(user=user, presentation=p) for p in marked)

    pycon_site.show(changed_archive_dir)
    changed_summary = scrape(pycon_site.url)
    after_change = changes()
    pycon_site.show(pycon_archive)
    restored_summary = scrape(pycon_site.url)

    assert changed_summary == "created 0, updated 2, unchanged 205, cancelled 1, failed 71"
    assert after_change == {
        ("1658", "start", "2016-05-30T10:50:00-07:00", "2016-05-30T14:35:00-07:00"),
        ("1658", "end", "2016-05-30T11:20:00-07:00", "2016-05-30T15:05:00-07:00"),
        ("2073", "room", "Oregon Ballroom 201–202", "Portland Ballroom 252–253"),
        ("1694", "status", "scheduled", "cancelled"),
    }
    assert restored_summary == "created 0, updated 3, unchanged 205, cancelled 0, failed 71"
    assert changes() - after_change == {
        ("1658", "start", "2016-05-30T14:35:00-07:00", "2016-05-30T10:50:00-07:00"),
        ("1658", "end", "2016-05-30T15:05:00-07:00", "2016-05-30T11:20:00-07:00"),
        ("2073", "room", "Portland Ballroom 252–253", "Oregon Ballroom 201–202"),
        ("1694", "status", "cancelled", "scheduled"),
    }
    talks = {p.source_id: p for p in Presentation.objects.filter(source_id__in=["1658", "2073", "1694"])}
    assert {source_id: (p.sequence, p.status) for source_id, p in talks.items()} == {
        "1658": (2, "scheduled"),
        "2073": (2, "scheduled"),
        "1694": (2, "scheduled"),
    }
    assert talks["1658"].start == datetime(2016, 5, 30, 10, 50, tzinfo=PACIFIC)
    assert Interest.objects.filter(user=user).count() == 4
