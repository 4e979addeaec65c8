"""insert_presentations stores what `save()` stores, column for column."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from presentations.inserts import insert_presentations
from presentations.models import Presentation

VALUES = [
    {
        "kind": "talk",
        "title": 'Łukasz\'s "talk" <3',
        "speakers": ["Łukasz Langa", "Ada"],
        "category": "Core",
        "room": "Ballroom 201",
        "start": datetime(2016, 11, 6, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")),
        "end": datetime(2016, 11, 6, 7, 0, tzinfo=UTC),
        "description": "Tools & tricks.\r\n\r\nSecond paragraph 😀",
        "url": "https://example.com/1",
        "language": "en",
        "recorded": False,
        "status": Presentation.Status.CANCELLED,
    },
    {"kind": "poster", "title": "Poster", "speakers": [], "start": None, "end": None, "recorded": None},
]


def test_insert_presentations_stores_the_rows_save_stores(make_conference):
    inserted, saved = make_conference(slug="inserted"), make_conference(slug="saved")
    new = [Presentation(conference=inserted, source_id=str(n), **values) for n, values in enumerate(VALUES)]
    for presentation in new:
        presentation.fill_derived()

    insert_presentations(new)
    for n, values in enumerate(VALUES):
        Presentation.objects.create(conference=saved, source_id=str(n), **values)

    def rows(conference):
        skipped = {"id", "conference", "created", "updated"}
        names = [field.attname for field in Presentation._meta.concrete_fields if field.name not in skipped]
        return list(Presentation.objects.filter(conference=conference).order_by("source_id").values(*names))

    assert rows(inserted) == rows(saved)
    assert len(rows(saved)) == 2
    stamps = Presentation.objects.filter(conference=inserted).order_by("source_id").values_list("created", "updated")
    assert [(created, updated) for created, updated in stamps] == [(p.created, p.updated) for p in new]
