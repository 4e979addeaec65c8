"""A presentation's fingerprint: one digest of the fields a source gives (title, time, room, description…).

Every save stores it (`Presentation.fingerprint`), made from the row's own values; an import makes it
from the values it would write. Equal fingerprints mean equal values, as `presentations.changes.diff`
compares them (times by instant, speakers as a list, a status by its value), so an unchanged row costs one
comparison of two short strings instead of fourteen fields, and its other columns need not even be read.
Unequal ones only mean "compare field by field" (a row stored before fingerprints is just slower). A
`QuerySet.update()` of a source field sends no save: it must blank or remake the fingerprint itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from enum import Enum

# The fields an import writes, in the fingerprint's order.
SOURCE_FIELDS = (
    "kind",
    "title",
    "speakers",
    "category",
    "audience",
    "room",
    "start",
    "end",
    "description",
    "abstract",
    "url",
    "language",
    "recorded",
    "status",
)
# What a feed or an export is written from: the fields an import writes, the UID's parts, SEQUENCE and the
# stamp. The copies made from them for search and pages stay unread, each as long as the description.
DOCUMENT_FIELDS = ("conference", "source_id", *SOURCE_FIELDS, "sequence", "updated")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def fingerprint_of(values: Mapping) -> str:
    """The digest of `values[name]` for every name of `SOURCE_FIELDS` (32 hexadecimal digits)."""
    pieces = []
    for name in SOURCE_FIELDS:
        value = values[name]
        kind = type(value)
        # The kinds an import gives are written here, without a call: it makes one for every record.
        # Each gives what `_piece` would.
        if kind is str:
            pieces.append(f"s{len(value)}:{value}")
        elif value is None:
            pieces.append("None:")
        elif kind is datetime and value.tzinfo is not None:
            pieces.append(f"t{(value - EPOCH) // MICROSECOND}:")
        elif kind is list:
            texts = [f"s{len(item)}:{item}" if type(item) is str else _piece(item) for item in value]
            pieces.append(f"l{len(value)}:{''.join(texts)}")
        else:
            pieces.append(_piece(value))
    return hashlib.blake2b("".join(pieces).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _piece(value) -> str:
    # Each piece says its type and its length, so no two different rows run together alike.
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return f"s{len(value)}:{value}"
    if value is None or isinstance(value, bool):
        return f"{value}:"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return f"n{value.isoformat()}:"
        return f"t{(value - EPOCH) // MICROSECOND}:"  # the same instant in any zone
    if isinstance(value, list | tuple):
        return f"l{len(value)}:" + "".join(_piece(item) for item in value)
    return f"r{value!r}:"
