"""`manage.py scrape --year` given several years and ranges (a summary each, bad ranges one line), and
`-v 2`'s account of which layout each page has and where the sources disagree."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_scrape_several_years_and_ranges_print_a_summary_each(archive_url) -> None:
    out = StringIO()

    call_command("scrape", "--year", "2016", "2018", "--base-url", archive_url, stdout=out, stderr=StringIO())

    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["PyCon 2016", "PyCon 2018"]
    assert all("created" in line for line in lines)


def test_year_ranges_expand_and_bad_ones_are_one_line() -> None:
    from scraper.management.commands.scrape import years

    assert years("2013-2016") == [2013, 2014, 2015, 2016]
    assert years("2025") == [2025]
    for bad in ("2025-2013", "20x5", "2013-2099"):
        with pytest.raises(ValueError):
            years(bad)
    with pytest.raises(CommandError, match="invalid year or range value: '2025-2013'"):
        call_command("scrape", "--year", "2025-2013", stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_verbosity_2_says_which_layout_and_where_sources_disagree(archive_url) -> None:
    out = StringIO()

    call_command("scrape", "--year", "2022", "--base-url", archive_url, "-v", "2", stdout=out, stderr=StringIO())

    lines = out.getvalue().splitlines()
    # 162 entries, two of them blank cells
    assert f"main source: {archive_url}/2022/schedule/conference.json (160 entries)" in lines
    assert f"{archive_url}/2022/schedule/: layout pycon_tables" in lines
    assert f"{archive_url}/2022/schedule/posters/list/: layout pycon_lists" in lines
    assert "conference.json writes UTC-0700 where America/Denver keeps another offset: its wall times kept" in lines
