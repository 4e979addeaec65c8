"""`Conference.schedule_changed`: the time of the conference's newest change, which its exports and feeds
send as Last-Modified without reading the presentations (presentations/schedule_version.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from presentations import schedule_version
from presentations.models import Conference

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


@pytest.mark.django_db
def test_a_saved_presentation_stamps_its_own_time_and_a_deferred_block_the_newest(make_presentation):
    talk = make_presentation()
    other = make_presentation(talk.conference)
    Conference.objects.filter(pk=talk.conference.pk).update(schedule_changed=LONG_AGO)

    with transaction.atomic(), schedule_version.bumps_deferred():
        talk.save()
        other.save()

    assert Conference.objects.get(pk=talk.conference.pk).schedule_changed == other.updated


@pytest.mark.django_db
def test_another_conference_saved_moves_the_version_not_the_time(make_conference):
    conference, other = make_conference(), make_conference()
    Conference.objects.filter(pk=conference.pk).update(schedule_changed=LONG_AGO)
    before = Conference.objects.get(pk=conference.pk)

    other.save()

    after = Conference.objects.get(pk=conference.pk)
    assert (after.schedule_version > before.schedule_version, after.schedule_changed) == (True, LONG_AGO)


@pytest.mark.django_db(transaction=True)
def test_migration_gives_stored_conferences_a_schedule_change_time():
    executor = MigrationExecutor(connection)
    executor.migrate([("presentations", "0008_presentation_fingerprint")])
    old = executor.loader.project_state([("presentations", "0008_presentation_fingerprint")]).apps
    stored = old.get_model("presentations", "Conference").objects.create(slug="stored", name="Stored", timezone="UTC")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Conference.objects.get(pk=stored.pk).schedule_changed >= stored.updated
