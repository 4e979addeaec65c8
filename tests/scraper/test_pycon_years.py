"""`manage.py scrape` over real HTTP for every year the archive holds, checked against each year's own sources.

What is right is read by `archive_truth` from the year's conference.json, session pages, talks list or
detail pages, without the scraper's code. Per year: the exact count of every kind, at least 99% of the
talks found with every field right, every field of a few presentations, and a second run that writes
nothing.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from io import StringIO
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.core.management import call_command

from presentations.models import ImportRun, Presentation, ScheduleChange, SpeakerBio
from presentations.speakers import speaker_slug
from tests.scraper import archive_truth as truth

# Every kind each year's sources list. Poster sessions count as one poster item beside their posters
# (2018's grid slot, the export's session entry in 2024 and 2025).
KINDS = {
    2012: {"talk": 95, "tutorial": 32, "poster": 47, "break": 18, "plenary": 16},
    2016: {
        "talk": 94,
        "tutorial": 36,
        "sponsor-tutorial": 11,
        "poster": 30,
        "plenary": 14,
        "break": 12,
        "lunch": 8,
        "breakfast": 3,
    },
    2018: {
        "talk": 95,
        "tutorial": 32,
        "sponsor-tutorial": 12,
        "summit": 13,
        "poster": 33,
        "charlas": 8,
        "plenary": 16,
        "break": 10,
        "lunch": 6,
        "event": 4,
        "breakfast": 3,
    },
    2021: {
        "talk": 42,
        "tutorial": 16,
        "sponsor-workshop": 10,
        "summit": 12,
        "poster": 14,
        "charlas": 6,
        "plenary": 14,
        "break": 2,
        "posters": 1,
        "job-fair": 1,
    },
    2022: {
        "talk": 76,
        "tutorial": 20,
        "sponsor-workshop": 12,
        "charla": 16,
        "poster": 12,
        "plenary": 15,
        "break": 20,
        "event": 1,
    },
    2024: {
        "talk": 76,
        "tutorial": 24,
        "sponsor-workshop": 16,
        "charla": 16,
        "poster": 28,
        "summit": 8,
        "plenary": 16,
        "break": 13,
        "event": 11,
        "informational": 28,
    },
    2025: {
        "talk": 75,
        "tutorial": 24,
        "sponsor-workshop": 12,
        "charla": 16,
        "lightning-talks": 4,
        "poster": 20,
        "summit": 8,
        "plenary": 13,
        "break": 12,
        "event": 10,
        "informational": 30,
    },
}
ZONES = {
    2012: "America/Los_Angeles",
    2016: "America/Los_Angeles",
    2018: "America/New_York",
    2021: "UTC",  # "Times in UTC." on the pages
    2022: "America/Denver",
    2024: "America/New_York",
    2025: "America/New_York",
}


def talks_truth(schedule, year: int) -> dict[str, truth.Truth]:
    """The talks the year's most direct source lists, with level and category where detail pages give them."""
    levels = truth.detail_levels(schedule)
    return {
        key: dataclasses.replace(value, audience=levels[key][0], category=levels[key][1]) if key in levels else value
        for key, value in _talks(schedule, year).items()
    }


def _talks(schedule, year: int) -> dict[str, truth.Truth]:
    if year in (2022, 2024, 2025):
        return truth.from_export(schedule)
    if year == 2016:
        return truth.from_sessions(schedule)
    if year == 2018:
        return truth.from_talk_list(schedule)
    if year == 2021:
        linked = truth.grid_starts(schedule)  # the detail pages the schedule links to
        return {key: value for key, value in truth.from_details(schedule).items() if key in linked}
    return truth.from_details(schedule)


def independent_kinds(schedule, year: int) -> Counter:
    """The counts the year's own lists and exports give, beside KINDS' literal numbers."""

    def count(path: str, xpath: str) -> int:
        return len(lxml.html.parse(str(schedule / path / "index.html")).getroot().xpath(xpath))

    if year in (2024, 2025):
        return truth.export_kinds(schedule)
    if year == 2022:
        return truth.export_kinds(schedule) + Counter(poster=count("posters/list", "//div[@class='panel-heading']/h3"))
    if year == 2012:
        lists = {kind: count(f"lists/{kind}s", "//div[@class='session']") for kind in ("talk", "tutorial", "poster")}
        return Counter(lists)
    if year == 2018:
        heading = "//h2[a[starts-with(@id, 'presentation-')]]"
        sections = {"talk": "talks", "tutorial": "tutorials", "sponsor-tutorial": "sponsor-tutorials"}
        found = Counter({kind: count(f"{section}/list", heading) for kind, section in sections.items()})
        found["summit"] = count("edusummits/list", heading)
        found["poster"] = count("posters/list", heading) + 1  # and the grid's poster session
        return found
    if year == 2021:
        panels = "//div[contains(@class, 'panel-heading')]/h3"
        return Counter(tutorial=count("tutorials/list", panels), poster=count("posters/list", panels))
    return Counter(talk=len(truth.from_sessions(schedule)))


def shown(moment, zone: str, weekday: bool) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(zone)).strftime("%A %H:%M" if weekday else "%Y-%m-%d %H:%M")


def wrong_fields(stored: Presentation, expected: truth.Truth, zone: str) -> list[str]:
    weekday = bool(expected.start) and not expected.start[0].isdigit()
    pairs = {
        "title": (stored.title, expected.title),
        "speakers": (tuple(stored.speakers), expected.speakers),
        "start": (shown(stored.start, zone, weekday), expected.start),
        "end": (shown(stored.end, zone, weekday), expected.end),
        "room": (stored.room, expected.room),
        "kind": (stored.kind, expected.kind),
        "audience": (stored.audience, expected.audience),
        "category": (stored.category, expected.category),
    }
    return [f"{name}: {got!r} != {want!r}" for name, (got, want) in pairs.items() if want is not None and got != want]


def scrape(archive_url: str, year: int) -> str:
    out = StringIO()
    call_command("scrape", "--year", str(year), "--base-url", archive_url, stdout=out, stderr=StringIO())
    return out.getvalue().splitlines()[-1]


@pytest.mark.django_db
@pytest.mark.parametrize("year", sorted(KINDS))
def test_scrape_every_archived_year_matches_its_own_sources(archive_url, pycon_archive, year: int) -> None:
    schedule = pycon_archive / str(year) / "schedule"

    summary = scrape(archive_url, year)

    stored = Presentation.objects.filter(conference__slug=f"pycon-{year}")
    kinds = Counter(stored.values_list("kind", flat=True))
    assert kinds == KINDS[year], summary
    assert {kind: kinds[kind] for kind in independent_kinds(schedule, year)} == independent_kinds(schedule, year)
    assert stored.first().conference.timezone == ZONES[year]

    expected = talks_truth(schedule, year)
    by_id = {presentation.source_id: presentation for presentation in stored}
    wrong = {key: wrong_fields(by_id[key], value, ZONES[year]) for key, value in expected.items() if key in by_id}
    missing = [key for key in expected if key not in by_id]
    right = [key for key, fields in wrong.items() if not fields]
    assert len(expected) >= 70
    assert len(right) >= 0.99 * len(expected), (missing, {key: fields for key, fields in wrong.items() if fields})
    # Several presentations in full, the first ones of the source's own order, and those with a level.
    leveled = [key for key, value in expected.items() if value.audience][:5]
    for key in list(expected)[:5] + leveled:
        assert wrong[key] == []
    assert len(leveled) == (5 if year in (2012, 2016, 2025) else 0)


@pytest.mark.django_db
@pytest.mark.parametrize("year", sorted(KINDS))
def test_second_scrape_of_every_year_writes_nothing(archive_url, year: int) -> None:
    first = scrape(archive_url, year)
    runs, changes = ImportRun.objects.count(), ScheduleChange.objects.count()
    bios = list(SpeakerBio.objects.order_by("pk").values_list("pk", "updated"))

    second = scrape(archive_url, year)

    created = int(first.split()[1].rstrip(","))
    assert second.startswith(f"created 0, updated 0, unchanged {created}, cancelled 0, ")
    assert (ImportRun.objects.count(), ScheduleChange.objects.count()) == (runs, changes)
    assert list(SpeakerBio.objects.order_by("pk").values_list("pk", "updated")) == bios


@pytest.mark.django_db
def test_scrape_2024_keeps_the_bios_of_its_speakers_for_their_pages(archive_url, client) -> None:
    scrape(archive_url, 2024)
    bios = SpeakerBio.objects.filter(conference__slug="pycon-2024")
    speakers = {name for names in Presentation.objects.values_list("speakers", flat=True) for name in names}
    # The speaker who gave the most text: a page of theirs shows it as paragraphs (their words not copied here).
    longest = max(bios, key=lambda bio: len(bio.bio))

    page = lxml.html.fromstring(client.get(f"/pycon-2024/speakers/{speaker_slug(longest.name)}/").content)

    assert (bios.count(), set(bios.values_list("name", flat=True)) <= speakers) == (188, True)
    assert [h2.text_content() for h2 in page.cssselect(".bio h2")] == [f"About {longest.name}"]
    assert len(page.cssselect(".bio p")) == longest.bio.count("\n\n") + 1


@pytest.mark.django_db
def test_scrape_2022_keeps_the_wall_times_its_export_gives_wrong_offsets(archive_url, pycon_archive) -> None:
    """conference.json says -07:00 for Salt Lake City in April (-06:00); its wall times are the grid's."""
    scrape(archive_url, 2022)
    entry = next(e for e in truth.export_entries(pycon_archive / "2022/schedule") if e["kind"] == "talk")
    assert entry["start"].endswith("-07:00")

    stored = Presentation.objects.get(conference__slug="pycon-2022", source_id=entry["conf_url"].split("/")[-2])

    denver = stored.start.astimezone(ZoneInfo("America/Denver"))
    assert denver.strftime("%Y-%m-%dT%H:%M") == entry["start"][:16]
    assert denver.utcoffset().total_seconds() == -6 * 3600


@pytest.mark.django_db
def test_scrape_levels_and_categories_come_from_detail_pages(archive_url, pycon_archive) -> None:
    """conference.json has no level; 2025's detail pages say "Experience Level:"."""
    scrape(archive_url, 2025)
    page = lxml.html.parse(str(pycon_archive / "2025/schedule/presentation/68/index.html")).getroot()
    heading = page.xpath("//h2[normalize-space()='Experience Level:']")[0]

    stored = Presentation.objects.get(conference__slug="pycon-2025", source_id="68")

    assert stored.audience == heading.getnext().text_content().strip()
    assert stored.audience
