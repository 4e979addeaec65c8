"""Speaker bios through the importer: added, replaced when changed, never written when unchanged, kept
when the source stops giving them, and nothing written on a dry run."""

import dataclasses

import pytest

from presentations.models import SpeakerBio
from scraper.importer import BIO_LENGTH, import_schedule
from scraper.records import ScheduleRecord
from tests.records import talk


def schedule(**bios: str) -> ScheduleRecord:
    return ScheduleRecord(
        slug="pycon-2024",
        name="PyCon US 2024",
        timezone="America/New_York",
        presentations=[talk(speakers=("Ada Lovelace", "Grace Hopper"))],
        speaker_bios={name.replace("_", " "): bio for name, bio in bios.items()},
    )


def stored() -> dict[str, str]:
    return dict(SpeakerBio.objects.order_by("name").values_list("name", "bio"))


@pytest.mark.django_db
def test_import_adds_bios_and_an_unchanged_one_is_not_written_again():
    first = import_schedule(schedule(Ada_Lovelace="Wrote the first program."))
    written = SpeakerBio.objects.get().updated

    again = import_schedule(schedule(Ada_Lovelace="Wrote the first program."))

    assert stored() == {"Ada Lovelace": "Wrote the first program."}
    assert [line for line in first.changes if "bio" in line] == ["create bio of 'Ada Lovelace'"]
    assert (again.changes, SpeakerBio.objects.get().updated) == ([], written)


@pytest.mark.django_db
def test_import_replaces_a_changed_bio_and_keeps_one_the_source_stopped_giving():
    import_schedule(schedule(Ada_Lovelace="Old.", Grace_Hopper="Admiral."))

    result = import_schedule(schedule(Ada_Lovelace="New."))

    assert stored() == {"Ada Lovelace": "New.", "Grace Hopper": "Admiral."}
    assert result.changes == ["update bio of 'Ada Lovelace'"]


@pytest.mark.django_db
def test_dry_run_says_which_bios_would_change_and_writes_none():
    result = import_schedule(schedule(Ada_Lovelace="Wrote the first program."), dry_run=True)

    assert "create bio of 'Ada Lovelace'" in result.changes
    assert stored() == {}


@pytest.mark.django_db
def test_import_cuts_a_huge_bio_and_leaves_out_a_name_too_long_to_keep():
    huge = "word " * BIO_LENGTH
    record = dataclasses.replace(schedule(), speaker_bios={"Ada Lovelace": huge, "x" * 301: "Bio."})

    result = import_schedule(record)

    bio = stored()["Ada Lovelace"]
    assert (len(bio) <= BIO_LENGTH, bio.endswith("…"), list(stored())) == (True, True, ["Ada Lovelace"])
    assert result.warnings == [
        f"bio of 'Ada Lovelace' longer than {BIO_LENGTH} characters was cut",
        "bio of a speaker whose name is longer than 300 characters left out",
    ]
