"""The site's URLs with the list and the talk page served by their async views (ASYNC_PAGES=1), for tests
that check both kinds answer alike."""

from django.urls import include, path

from presentations import async_pages
from presentations.urls import patterns
from pyconguide.urls import urlpatterns as site

# The app's routes come last in the site's (its `<slug>/` would take any other prefix).
assert site[-1].urlconf_name.__name__ == "presentations.urls"

urlpatterns = [*site[:-1], path("", include(patterns(async_pages)))]
