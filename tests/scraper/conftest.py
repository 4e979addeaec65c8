"""The scraper suite's own helpers: archived pages as bytes, and custom handlers served for one test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.archive import serving


@pytest.fixture(scope="session")
def archive_page(pycon_archive: Path):
    """`archive_page("2016/schedule/talks/")`: the bytes the site served at that path."""

    def read(path: str) -> bytes:
        return (pycon_archive / path / "index.html").read_bytes()

    return read


@pytest.fixture
def serve() -> type[serving]:
    """`with serve(Handler) as base_url:` runs a custom handler for one test."""
    return serving
