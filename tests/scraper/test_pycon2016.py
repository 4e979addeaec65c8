"""The 2016 PyCon US pages (Symposion tables) scraped for real over HTTP: counts, fields, every kind of slot."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from scraper.fetch import Fetcher
from scraper.pycon import scrape_pycon
from scraper.records import PresentationRecord
from tests.scraper.pycon2016 import at


@pytest.fixture(scope="module")
def scraped(archive_url: str):
    progress: list[tuple[int, int]] = []
    with Fetcher() as fetcher:
        schedule = scrape_pycon(
            2016, base_url=archive_url, fetcher=fetcher, on_progress=lambda *step: progress.append(step)
        )
    return schedule, progress, archive_url


@pytest.fixture(scope="module")
def by_id(scraped) -> dict[str, PresentationRecord]:
    return {record.source_id: record for record in scraped[0].presentations}


def test_scrape_2016_counts_every_kind(scraped) -> None:
    schedule, _, _ = scraped

    kinds = Counter(record.kind for record in schedule.presentations)

    assert kinds == {
        "talk": 94,
        "tutorial": 36,
        "sponsor-tutorial": 11,
        "poster": 30,
        "plenary": 14,
        "break": 12,
        "lunch": 8,
        "breakfast": 3,
    }


def test_scrape_2016_ids_are_unique(scraped) -> None:
    ids = [record.source_id for record in scraped[0].presentations]

    assert len(ids) == len(set(ids)) == 208


def test_scrape_2016_describes_the_conference(scraped) -> None:
    schedule, _, base = scraped

    assert (schedule.slug, schedule.name, schedule.timezone, schedule.source_url) == (
        "pycon-2016",
        "PyCon US 2016",
        "America/Los_Angeles",
        f"{base}/2016/schedule/",
    )
    assert (schedule.start, schedule.end) == (date(2016, 5, 28), date(2016, 6, 1))


def test_scrape_2016_talk_has_every_field(by_id, scraped) -> None:
    base = scraped[2]
    talk = by_id["1658"]

    assert talk == PresentationRecord(
        source_id="1658",
        title="Machete-mode debugging: Hacking your way out of a tight spot",
        kind="talk",
        speakers=("Ned Batchelder",),
        category="Best Practices & Patterns",
        audience="Intermediate",
        room="Oregon Ballroom 201–202",
        start=at(30, 10, 50),
        end=at(30, 11, 20),
        description=talk.description,
        abstract=talk.abstract,
        url=f"{base}/2016/schedule/presentation/1658/",
    )
    assert talk.description.startswith("When chasing mysterious bugs, it's helpful")
    assert "  " not in talk.description
    assert talk.abstract.startswith("Python provides a malleable")
    assert talk.abstract.count("\n\n") == 2


def test_scrape_2016_45_minute_talk_ends_after_two_rows(by_id) -> None:
    talk = by_id["2075"]

    assert (talk.title, talk.speakers, talk.room, talk.start, talk.end, talk.category) == (
        "Code Unto Others",
        ("Nathaniel Manista", "Augie Fackler"),
        "Oregon Ballroom 201–202",
        at(30, 12, 10),
        at(30, 12, 55),
        "Best Practices & Patterns",
    )


def test_scrape_2016_tutorial_with_detail_page(by_id) -> None:
    tutorial = by_id["1734"]

    assert (tutorial.kind, tutorial.speakers, tutorial.room, tutorial.start, tutorial.end) == (
        "tutorial",
        ("Mike Pirnat", "David Stanek"),
        "B110-111",
        at(28, 9, 0),
        at(28, 12, 20),
    )
    assert (tutorial.audience, tutorial.category) == ("Intermediate", "Security")
    assert "\n* Injection Attacks\n" in tutorial.abstract


def test_scrape_2016_tutorial_without_detail_page_keeps_grid_data(by_id, scraped) -> None:
    schedule, _, base = scraped
    tutorial = by_id["1578"]

    assert (
        tutorial.kind,
        tutorial.speakers,
        tutorial.room,
        tutorial.start,
        tutorial.end,
        tutorial.audience,
    ) == (
        "tutorial",
        ("Eric J. Ma",),
        "B115",
        at(28, 9, 0),
        at(28, 12, 20),
        "Intermediate",
    )
    assert (tutorial.category, tutorial.abstract) == ("", "")
    assert f"{base}/2016/schedule/presentation/1578/: HTTP 404 File not found" in schedule.failures


def test_scrape_2016_sponsor_workshop_has_no_category(by_id) -> None:
    workshop = by_id["2260"]

    assert (workshop.kind, workshop.title, workshop.speakers) == (
        "sponsor-tutorial",
        "Docker, Kubernetes, and OpenShift: Python containers for the real world",
        ("Graham Dumpleton",),
    )
    assert (workshop.room, workshop.start, workshop.end, workshop.category, workshop.audience) == (
        "Room A107-A109",
        at(28, 9, 0),
        at(28, 10, 30),
        "",
        "",
    )


def test_scrape_2016_sponsor_workshop_spanning_three_rows(by_id) -> None:
    workshop = by_id["2263"]

    assert (workshop.room, workshop.start, workshop.end) == ("Room A107-A109", at(29, 9, 0), at(29, 12, 30))


def test_scrape_2016_posters_have_no_time(by_id, scraped) -> None:
    base = scraped[2]
    with_detail, without_detail = by_id["2174"], by_id["1625"]

    assert with_detail == PresentationRecord(
        source_id="2174",
        title="Composable multi-threading for Python libraries",
        kind="poster",
        speakers=("Anton Malakhov",),
        category="Python Libraries",
        audience="Novice",
        description=with_detail.description,
        abstract=with_detail.abstract,
        url=f"{base}/2016/schedule/presentation/2174/",
    )
    assert with_detail.abstract.startswith("Multi-processing parallelism")
    assert (
        without_detail.speakers,
        without_detail.category,
        without_detail.start,
        without_detail.abstract,
    ) == (
        ("Melissa Ou",),
        "Science",
        None,
        "",
    )


def test_scrape_2016_keynote_spans_every_room(by_id) -> None:
    assert by_id["plenary-2016-05-30-keynote-lorena-barba"] == PresentationRecord(
        source_id="plenary-2016-05-30-keynote-lorena-barba",
        title="Keynote — Lorena Barba",
        kind="plenary",
        room="",
        start=at(30, 9, 30),
        end=at(30, 10, 10),
    )


def test_scrape_2016_lunch_drawn_per_room_is_one_item_per_start(by_id) -> None:
    early, late = by_id["lunch-2016-05-30-lunch"], by_id["lunch-2016-05-30-lunch-2"]

    assert (early.room, early.start, early.end) == (
        "Oregon Ballroom 203–204, Portland Ballroom 252–253",
        at(30, 12, 40),
        at(30, 13, 40),
    )
    assert (late.start, late.end) == (at(30, 12, 55), at(30, 13, 55))


def test_scrape_2016_names_each_missing_detail_page(scraped) -> None:
    schedule, _, base = scraped

    assert len(schedule.failures) == 71  # 33 tutorials, 10 sponsor workshops, 28 posters
    assert all(f.startswith(f"{base}/2016/schedule/presentation/") for f in schedule.failures)
    assert all(f.endswith(": HTTP 404 File not found") for f in schedule.failures)


def test_scrape_2016_reports_progress_to_the_last_page(scraped) -> None:
    _, progress, _ = scraped

    # the schedule page and conference.json (a 404 for 2016), the 4 sections its navigation names,
    # then 35 session pages and 171 detail pages
    assert progress[0] == (1, 2)
    assert progress[-1] == (212, 212)
    assert [done for done, _ in progress] == list(range(1, 213))
