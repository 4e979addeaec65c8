"""Names as ASCII slugs, the one slugifier of the house: the scraper's kinds and source ids, the frab exports'
event and track slugs. Plain Python, no Django: the scraper's parsers use it too.

The scraper keys re-imports on ids made here (`scraper.pycon_html`, `scraper.pycon_lists`,
`scraper.symposion_json`), so what `slugify` gives for an input must never change. Speakers' pages are
another matter: their addresses keep the letters of other scripts (`presentations.speakers`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

NOT_A_WORD = re.compile(r"[^a-z0-9]+")


def slugify(value: str, *, length: int | None = None, unfoldable: Literal["drop", "hyphen"] = "drop") -> str:
    """Lower-case ASCII words joined by hyphens: "Talk 30 min + 10min Q&A" → "talk-30-min-10min-q-a", "Café" →
    "cafe"; cut to at most `length` characters without a trailing hyphen.

    A character with no ASCII form once its accents are gone (a dash "—", a "’", another script) is dropped,
    as the scraper's ids always had it ("Corinna—Perl" → "corinnaperl"), or with `unfoldable="hyphen"`
    separates words as any other punctuation does ("corinna-perl"), as the exports want."""
    if value.isascii():  # most titles and tracks: NFKD leaves ASCII as it is, and it has no accents to drop
        ascii_value = value
    elif unfoldable == "drop":
        ascii_value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    else:
        decomposed = unicodedata.normalize("NFKD", value)
        ascii_value = "".join(character for character in decomposed if not unicodedata.combining(character))
    slug = NOT_A_WORD.sub("-", ascii_value.lower()).strip("-")
    return slug[:length].strip("-") if length else slug
