"""Accent- and case-insensitive search, the same on SQLite and PostgreSQL.

Each presentation keeps `search_text`: its title, speakers and description folded (accents dropped, case
folded), filled on every save. A query is folded the same way and matched with a plain `contains`, so
"jovanovic" finds "Jovanović" and "lukasz" finds "Łukasz" on either database, with no database extension
(PostgreSQL's `unaccent` has no SQLite twin).
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and an accent.
UNDECOMPOSED = str.maketrans(
    {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "Æ": "ae"}
    | {"œ": "oe", "Œ": "oe", "þ": "th", "ð": "d", "ŀ": "l"}
)


# A run of characters outside ASCII: the only ones folding changes other than by case. ASCII characters are
# left as they are by the table, by NFKD and by the accent filter, and stop any reordering of accents, so
# folding each run alone gives what folding the whole text would, in a fraction of the time.
NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def fold(text: str) -> str:
    """`"Łukasz Jovanović"` → `"lukasz jovanovic"`: what search compares."""
    if not text.isascii():
        text = NOT_ASCII.sub(_bare, text)
    return " ".join(text.casefold().split())


def _bare(run: re.Match) -> str:
    decomposed = unicodedata.normalize("NFKD", run.group().translate(UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_text_of(*, title: str, speakers: list[str], description: str) -> str:
    return fold("\n".join([title, ", ".join(speakers), description]))
