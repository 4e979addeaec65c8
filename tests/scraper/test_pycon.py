"""scrape_pycon as a whole: time zones, and schedules that cannot be read at all."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from zoneinfo import ZoneInfo

import pytest

from scraper.fetch import Fetcher
from scraper.pycon import scrape_pycon, venue_timezone
from scraper.records import ScheduleUnreadable


@pytest.mark.parametrize(
    ("year", "zone"),
    [
        (2013, "America/Los_Angeles"),
        (2014, "America/Toronto"),
        (2016, "America/Los_Angeles"),
        (2019, "America/New_York"),
        (2021, "America/New_York"),
        (2023, "America/Denver"),
        (2024, "America/New_York"),
        (2027, "America/Los_Angeles"),
    ],
)
def test_venue_timezone_knows_where_pycon_was(year: int, zone: str) -> None:
    assert venue_timezone(year) == ZoneInfo(zone)


def test_venue_timezone_override_wins() -> None:
    assert venue_timezone(2016, "Europe/Dublin") == ZoneInfo("Europe/Dublin")


def test_venue_timezone_unknown_year_needs_a_timezone() -> None:
    with pytest.raises(ScheduleUnreadable, match=r"no known venue for PyCon US 2030: give its time zone"):
        venue_timezone(2030)


def test_venue_timezone_unknown_name_is_unreadable() -> None:
    with pytest.raises(ScheduleUnreadable, match="unknown time zone 'Mars/Olympus'"):
        venue_timezone(2016, "Mars/Olympus")


def test_scrape_unknown_year_without_timezone_fetches_nothing(archive_url: str) -> None:
    with Fetcher() as fetcher, pytest.raises(ScheduleUnreadable, match="2030"):
        scrape_pycon(2030, base_url=archive_url, fetcher=fetcher)


def test_scrape_year_with_no_pages_is_unreadable(archive_url: str) -> None:
    with Fetcher() as fetcher, pytest.raises(ScheduleUnreadable) as raised:
        scrape_pycon(2019, base_url=archive_url, fetcher=fetcher)

    assert str(raised.value) == (f"could not fetch the schedule: {archive_url}/2019/schedule/: HTTP 404 File not found")


def test_scrape_unreachable_site_is_unreadable(serve) -> None:
    with serve(BaseHTTPRequestHandler) as base:
        pass  # nothing listens there any more

    with Fetcher(backoff_factor=0) as fetcher, pytest.raises(ScheduleUnreadable, match="could not fetch"):
        scrape_pycon(2016, base_url=base, fetcher=fetcher)


def answering(body: bytes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body><p>It works.</p></body></html>",
        b"<!DOCTYPE html>\n<html lang='en-us'>\n<head><title>Talks Schedule | PyCon 2016</title>",
    ],
    ids=["empty", "other-site", "truncated"],
)
def test_scrape_pages_without_schedule_are_unreadable(serve, body: bytes) -> None:
    with serve(answering(body)) as base, Fetcher() as fetcher, pytest.raises(ScheduleUnreadable) as raised:
        scrape_pycon(2016, base_url=base, fetcher=fetcher)

    assert str(raised.value) == f"no PyCon schedule grid found under {base}/2016/schedule/"


def test_scrape_truncated_real_page_is_unreadable(serve, archive_page) -> None:
    talks = archive_page("2016/schedule/talks/")
    cut = talks[: talks.index(b'<table class="calendar')]  # the connection dropped before the grid

    with (
        serve(answering(cut)) as base,
        Fetcher() as fetcher,
        pytest.raises(ScheduleUnreadable, match="no PyCon schedule grid found"),
    ):
        scrape_pycon(2016, base_url=base, fetcher=fetcher)
