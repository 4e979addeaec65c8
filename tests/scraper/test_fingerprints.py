"""The fingerprint lets an import pass over an unchanged row; it never stands in for a comparison."""

from datetime import UTC
from importlib import import_module

import pytest
from django.apps import apps

from presentations.fingerprint import SOURCE_FIELDS, fingerprint_of
from presentations.models import Presentation
from scraper.import_plan import presentation_values
from scraper.importer import import_schedule
from tests.records import talk
from tests.scraper.test_importer import schedule


def test_fingerprint_is_the_same_for_values_diff_finds_equal():
    values = presentation_values(talk())
    alike = {**values, "start": values["start"].astimezone(UTC), "speakers": tuple(values["speakers"])}
    alike["status"] = str(values["status"])

    assert fingerprint_of(alike) == fingerprint_of(values)


@pytest.mark.parametrize("name", SOURCE_FIELDS)
def test_fingerprint_changes_with_every_source_field(name):
    values = presentation_values(talk())
    other = {"speakers": ["Someone Else"], "start": None, "end": None, "recorded": True, "status": "cancelled"}

    assert fingerprint_of({**values, name: other.get(name, "changed")}) != fingerprint_of(values)


def test_fingerprint_keeps_neighbouring_texts_apart():
    values = presentation_values(talk(category="ab", audience="c"))

    assert fingerprint_of(values) != fingerprint_of({**values, "category": "a", "audience": "bc"})


@pytest.mark.django_db
def test_a_row_saved_since_the_import_is_compared_and_put_back():
    import_schedule(schedule(talk()))
    stored = Presentation.objects.get()
    stored.room = "Somewhere else"
    stored.save(update_fields=["room"])

    result = import_schedule(schedule(talk()))

    assert result.summary() == "created 0, updated 1, unchanged 0, cancelled 0, failed 0"
    assert Presentation.objects.get().room == "Oregon Ballroom 201–202"


@pytest.mark.django_db
def test_a_row_without_a_fingerprint_is_compared_field_by_field():
    import_schedule(schedule(talk()))
    Presentation.objects.update(fingerprint="")  # as the rows were before the migration

    result = import_schedule(schedule(talk()))

    assert result.summary() == "created 0, updated 0, unchanged 1, cancelled 0, failed 0"


@pytest.mark.django_db
def test_data_migration_fills_the_fingerprints_of_stored_presentations():
    import_schedule(schedule(talk()))
    made = Presentation.objects.get().fingerprint
    Presentation.objects.update(fingerprint="")
    migration = import_module("presentations.migrations.0008_presentation_fingerprint")

    migration.fill_fingerprints(apps, schema_editor=None)

    assert Presentation.objects.get().fingerprint == made != ""


@pytest.mark.django_db
def test_an_import_that_changes_only_a_title_keeps_the_copies_a_full_save_makes():
    import_schedule(schedule(talk()))
    renamed = talk(title="Débogage à la machette")

    import_schedule(schedule(renamed))

    stored = Presentation.objects.get()
    fresh = Presentation.objects.get()
    fresh.save()
    fresh.refresh_from_db()
    copies = ("speaker_names", "search_text", "description_html", "fingerprint")
    assert {name: getattr(stored, name) for name in copies} == {name: getattr(fresh, name) for name in copies}
    assert (stored.fingerprint, Presentation.objects.matching("debogage").get()) == (
        fingerprint_of(presentation_values(renamed)),
        stored,
    )
    assert import_schedule(schedule(renamed)).summary() == "created 0, updated 0, unchanged 1, cancelled 0, failed 0"
