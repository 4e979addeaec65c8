"""The presentations suite's own fixtures: a small PyCon US 2016 that the page tests read, and the two
kinds of page views (sync and async) a module can run against."""

from __future__ import annotations

from datetime import date

import pytest

from presentations.models import Presentation
from tests.presentations.pages import at


@pytest.fixture
def conference(make_conference, make_presentation):
    conference = make_conference(
        slug="pycon-2016",
        name="PyCon US 2016",
        start_date=date(2016, 5, 30),
        end_date=date(2016, 5, 31),
    )
    make_presentation(conference, title="Keynote", kind="plenary", room="", start=at(9, 30), end=at(10, 10))
    make_presentation(
        conference,
        title="Machete-mode debugging",
        speakers=["Ned Batchelder"],
        category="Best Practices",
        audience="Intermediate",
        room="Ballroom 201",
        start=at(10, 50),
        end=at(11, 20),
        description="Tools & tricks.\n\nSecond paragraph.",
    )
    make_presentation(
        conference,
        title="Thinking in coroutines",
        speakers=["Łukasz Langa", "Guest"],
        category="Python Core",
        audience="Novice",
        room="Ballroom 203",
        start=at(10, 50),
        end=at(11, 35),
    )
    make_presentation(conference, title="Lunch", kind="lunch", room="", start=at(12, 40), end=at(13, 40))
    make_presentation(
        conference,
        title="Dropped talk",
        room="Ballroom 201",
        start=at(10, 50, day=31),
        status=Presentation.Status.CANCELLED,
    )
    make_presentation(conference, title="Poster on Hy", kind="poster", room="", start=None, end=None)
    return conference


@pytest.fixture(params=["sync-views", "async-views"])
def page_views(request, settings):
    """The list and talk page served by their sync views, then by the async ones (ASYNC_PAGES=1), which
    must answer alike: a test module runs against both with `pytestmark = pytest.mark.usefixtures("page_views")`."""
    if request.param == "async-views":
        settings.ROOT_URLCONF = "tests.presentations.async_urls"
    return request.param
