import pytest


@pytest.fixture(params=["sync-views", "async-views"])
def page_views(request, settings):
    """The list and talk page served by their sync views, then by the async ones (ASYNC_PAGES=1), which
    must answer alike: a test module runs against both with `pytestmark = pytest.mark.usefixtures("page_views")`."""
    if request.param == "async-views":
        settings.ROOT_URLCONF = "tests.presentations.async_urls"
    return request.param
