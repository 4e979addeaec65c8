"""The one slugifier: the scraper's kinds and ids (never to change), the exports' event and track slugs."""

from __future__ import annotations

import json
import random
import re
import unicodedata

import pytest
from lxml import etree

from presentations.frab import schedule_json, schedule_of
from presentations.frab_xml import schedule_xml
from presentations.slugs import slugify


@pytest.mark.parametrize(
    ("value", "slug"),
    [
        ("Talk 30 min + 10min Q&A", "talk-30-min-10min-q-a"),
        ("Sponsor Tutorial", "sponsor-tutorial"),
        ("Café", "cafe"),
    ],
)
def test_slugify(value: str, slug: str) -> None:
    assert slugify(value) == slug


# What the scraper's ids were made of before the slugifier moved here: re-imports key on them.
@pytest.mark.parametrize(
    ("value", "length", "slug"),
    [
        ("Corinna—Perl's new object-oriented system", None, "corinnaperl-s-new-object-oriented-system"),
        ("Virtual Thread’s Next Steps", None, "virtual-threads-next-steps"),
        ("Zeitgemäßem Spaß", None, "zeitgemaem-spa"),
        ("Привет, мир", None, ""),
        ("ﬁle ①", None, "file-1"),
        ("  --Keynote--  ", None, "keynote"),
        ("Machete-mode debugging: hacking your way out of a tight spot", 40, "machete-mode-debugging-hacking-your-way"),
        ("a-b c", 2, "a"),
    ],
)
def test_slugify_drops_what_has_no_ascii_form(value: str, length: int | None, slug: str) -> None:
    assert slugify(value, length=length) == slug


@pytest.mark.parametrize(
    ("value", "slug"),
    [
        ("Corinna—Perl's new object-oriented system", "corinna-perl-s-new-object-oriented-system"),
        ("Virtual Thread’s Next Steps", "virtual-thread-s-next-steps"),
        ("Zeitgemäßem Spaß", "zeitgema-em-spa"),
        ("Kùzu: SNCF Réseau, GÉANT, İstanbul", "kuzu-sncf-reseau-geant-istanbul"),
        ("Привет, мир", ""),
    ],
)
def test_slugify_unfoldable_hyphen_separates_words(value: str, slug: str) -> None:
    assert slugify(value, unfoldable="hyphen") == slug


def test_frab_export_slugs_fold_accents_and_split_on_other_characters(make_conference, make_presentation) -> None:
    conference = make_conference(slug="pycon-2016")
    talk = make_presentation(conference, title="Kùzu—a graph database", category="Données—IA")

    schedule = schedule_of(conference, [talk], base_url="https://guide.example/")

    events = [event for day in schedule.days for events in day.rooms.values() for event in events]
    assert [event.slug.split("-", 1)[1] for event in events] == [f"{talk.pk}-kuzu-a-graph-database"]
    assert json.loads(schedule_json(schedule))["schedule"]["conference"]["tracks"] == [
        {"name": "Données—IA", "slug": "donnees-ia"}
    ]
    xml = etree.fromstring(schedule_xml(schedule, url="https://guide.example/pycon-2016/schedule.xml"))
    assert [(track.get("name"), track.get("slug")) for track in xml.findall("conference/track")] == [
        ("Données—IA", "donnees-ia")
    ]


def slow_slugify(value: str, *, length=None, unfoldable="drop") -> str:
    """The slugifier before its ASCII short cut: every input decomposed, then filtered."""
    decomposed = unicodedata.normalize("NFKD", value)
    if unfoldable == "drop":
        ascii_value = decomposed.encode("ascii", "ignore").decode("ascii")
    else:
        ascii_value = "".join(character for character in decomposed if not unicodedata.combining(character))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_value.lower()).strip("-")
    return slug[:length].strip("-") if length else slug


def test_the_ascii_short_cut_gives_what_the_whole_decomposition_gave():
    rng = random.Random(2026)
    alphabet = [chr(code) for code in range(0, 128)] + list("éÉçÇñøß—’–ﬁ²①Ωжあ漢\u0301\u0308 ")
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        for options in ({}, {"unfoldable": "hyphen"}, {"length": 12}, {"length": 50, "unfoldable": "hyphen"}):
            assert slugify(text, **options) == slow_slugify(text, **options), (text, options)
