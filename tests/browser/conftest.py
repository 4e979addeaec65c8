"""Real Chromium (Debian's package) through Playwright, against a live server.

Run on its own: `make test-browser` (Playwright's event loop and pytest-asyncio cannot share a run).
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still sync.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture(scope="session")
def schedule_2016(archive_url):
    """PyCon US 2016 as the scraper reads it over real HTTP from the archived pages, once per session."""
    from scraper.fetch import Fetcher
    from scraper.pycon import scrape_pycon

    with Fetcher() as fetcher:
        return scrape_pycon(2016, base_url=archive_url, fetcher=fetcher)


@pytest.fixture
def pycon_2016(schedule_2016, transactional_db):
    """The 2016 conference in the test database, visible to the live server's thread."""
    from scraper.importer import import_schedule

    return import_schedule(schedule_2016).conference
