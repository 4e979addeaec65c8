"""apply_changes writes what changed and the copies made from it, nothing else."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from presentations.changes import apply_changes
from presentations.models import Presentation


def written_columns(queries) -> set[str]:
    (update,) = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "presentations_presentation"')]
    return set(re.findall(r'"(\w+)" = ', update.split(" WHERE ")[0]))


@pytest.mark.parametrize(
    ("values", "columns"),
    [
        ({"title": "Renamed"}, {"title", "search_text", "fingerprint", "updated"}),
        ({"room": "Room B"}, {"room", "sequence", "fingerprint", "updated"}),
        ({"description": "New words."}, {"description", "description_html", "search_text", "fingerprint", "updated"}),
        ({"speakers": ["Ada"]}, {"speakers", "speaker_names", "search_text", "fingerprint", "updated"}),
        ({"abstract": "Short.", "status": "cancelled"}, {"abstract", "status", "sequence", "fingerprint", "updated"}),
    ],
)
def test_apply_changes_writes_only_the_changed_fields_and_their_copies(make_presentation, values, columns):
    talk = make_presentation(description="Old words.")

    with CaptureQueriesContext(connection) as queries:
        apply_changes(talk, values)

    assert written_columns(queries) == columns


def test_apply_changes_leaves_the_row_as_a_full_save_would(make_presentation):
    talk = make_presentation(title="Machete-mode debugging", description="Old words.", speakers=["Ned Batchelder"])
    before = Presentation.objects.get(pk=talk.pk)

    changed = apply_changes(talk, {"title": "Débogage à la machette", "room": "Room B"})

    stored = Presentation.objects.get(pk=talk.pk)
    fresh = Presentation.objects.get(pk=talk.pk)
    fresh.save()
    fresh.refresh_from_db()
    copies = ("speaker_names", "search_text", "description_html", "fingerprint", "sequence", "title", "room")
    assert (set(changed), stored.updated > before.updated) == ({"title", "room"}, True)
    assert {name: getattr(stored, name) for name in copies} == {name: getattr(fresh, name) for name in copies}
    assert stored.search_text != before.search_text and stored.fingerprint != before.fingerprint
