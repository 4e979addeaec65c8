"""`make screenshots`: PNGs of the real 2016 schedule for the README, written to docs/screenshots/.

Skipped in ordinary runs so that a test run never rewrites files in the repository.
"""

import os
from pathlib import Path

import pytest

from presentations.models import Presentation

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = [
    pytest.mark.screenshots,
    pytest.mark.skipif(os.environ.get("PYCONGUIDE_SCREENSHOTS") != "1", reason="run with `make screenshots`"),
]


def test_screenshots_of_2016(live_server, browser, pycon_2016):
    OUT.mkdir(parents=True, exist_ok=True)
    talk = Presentation.objects.get(conference=pycon_2016, title__startswith="Machete-mode debugging")
    base = f"{live_server.url}/{pycon_2016.slug}/"
    shots = [
        ("list.png", f"{base}?day=2016-05-30", {"width": 1280, "height": 1000}),
        ("grid.png", f"{base}grid/?day=2016-05-30", {"width": 1280, "height": 1000}),
        ("talk.png", f"{live_server.url}/talks/{talk.pk}/", {"width": 1280, "height": 1000}),
        ("phone.png", f"{base}?day=2016-05-30", {"width": 375, "height": 812}),
    ]
    for name, url, viewport in shots:
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        page = context.new_page()
        page.goto(url)
        page.screenshot(path=str(OUT / name))
        context.close()

    assert sorted(path.name for path in OUT.glob("*.png")) == ["grid.png", "list.png", "phone.png", "talk.png"]
