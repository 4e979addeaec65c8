import pytest

from scraper.importer import import_schedule
from scraper.sample import sample_schedule


@pytest.mark.django_db(transaction=True)
def test_home_opens_sample_schedule_in_chromium(live_server, page):
    import_schedule(sample_schedule())

    page.goto(live_server.url + "/")

    assert page.url == live_server.url + "/pyguide-sample/"
    assert page.locator("h1").inner_text() == "PyCon Guide Sample Conference 2026"
    assert page.console_errors == []
