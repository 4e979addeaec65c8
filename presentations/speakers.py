"""Speakers as the schedule names them: no table of their own, a page per name within a conference.

A speaker's address is their name folded (accents and case dropped) and slugified, so "Nikola Jovanović"
is `/<conference>/speakers/nikola-jovanovic/`; names that fold to the same address share one page.
"""

from __future__ import annotations

from django.utils.text import slugify

from presentations.models import Conference, Presentation
from presentations.search import fold


def speaker_slug(name: str) -> str:
    return slugify(fold(name), allow_unicode=True) or "unnamed"


def speaker_presentations(conference: Conference, slug: str) -> tuple[list[str], list[int]]:
    """The names that have the address `slug` in `conference`, and the ids of their presentations."""
    names: dict[str, None] = {}
    ids = []
    for pk, speakers in Presentation.objects.of(conference).values_list("pk", "speakers"):
        matching = [name for name in speakers or [] if speaker_slug(name) == slug]
        if matching:
            names.update(dict.fromkeys(matching))
            ids.append(pk)
    return list(names), ids
