"""New presentations written with one `executemany` INSERT: what an import's first run writes.

`bulk_create` gives each value of each row its own placeholder and sends it through its field's
preparation, some twenty calls that hand a text back as it was; and on SQLite under DEBUG it quotes
every parameter again for the query log. For FOSDEM's 876 rows of 23 columns that was most of a first
import's time. Here a text goes to its column as it is, every other value is prepared by its own field as
`bulk_create` would, and the fields' own `pre_save` still stamps `created` and `updated`. No signal is sent
(nor does `bulk_create` send one): the caller bumps the schedule version. The instances get their stamps
but stay unsaved, without a primary key: write them once, then drop them.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from django.db import connections, models, router

from presentations.models import Presentation

# Django's preparation of a str for these columns gives back the same str.
TEXT_FIELDS = (models.CharField, models.TextField)
# pre_save methods that only read the attribute (a date's, unless it has auto_now or auto_now_add).
PLAIN_PRE_SAVE = (models.Field.pre_save, models.DateField.pre_save)


def _stamps(field: models.Field) -> bool:
    """Whether the field's pre_save may store another value than its attribute's (auto_now…)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return True
    return type(field).pre_save not in PLAIN_PRE_SAVE


FIELDS = [field for field in Presentation._meta.local_concrete_fields if not field.primary_key]
STAMPED = [(index, field) for index, field in enumerate(FIELDS) if _stamps(field)]
# (index, field, whether a str passes as it is) for every field.
PREPARED = [(index, field, isinstance(field, TEXT_FIELDS)) for index, field in enumerate(FIELDS)]
ATTRIBUTES = attrgetter(*(field.attname for field in FIELDS))


def insert_presentations(presentations: Sequence[Presentation]) -> None:
    """Write `presentations` (new, their derived fields filled) in one statement run once per row."""
    if not presentations:
        return
    connection = connections[router.db_for_write(Presentation)]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(Presentation._meta.db_table)} ({', '.join(quote(field.column) for field in FIELDS)})"
        f" VALUES ({', '.join(['%s'] * len(FIELDS))})"
    )
    rows = [_row(presentation, connection) for presentation in presentations]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _row(presentation: Presentation, connection) -> list:
    row = list(ATTRIBUTES(presentation))
    for index, field in STAMPED:
        row[index] = field.pre_save(presentation, True)
    for index, field, text in PREPARED:
        value = row[index]
        if not (text and type(value) is str):
            row[index] = field.get_db_prep_save(value, connection)
    return row
