from django.conf import settings
from django.urls import path

from presentations import async_pages, changes_page, converters, exports, feeds, live_views, views  # noqa: F401 (converters: registers <id:…>)


def patterns(pages) -> list:
    """The app's routes, with the list and the talk page from `pages`: `views` (sync, the default) or
    `async_pages` (ASYNC_PAGES=1; bench/crowd.py measures one against the other)."""
    return [
        path("", views.home, name="home"),
        path("talks/<id:pk>/", pages.talk, name="talk"),
        path("talks/<id:pk>.ics", feeds.talk_feed, name="talk-feed"),
        path("talks/<id:pk>/card.json", live_views.card, name="talk-card"),
        path("<slug:slug>/", pages.schedule, name="schedule"),
        path("<slug:slug>/grid/", views.grid, name="grid"),
        path("<slug:slug>/speakers/<str:speaker>/", views.speaker, name="speaker"),
        path("<slug:slug>/speakers/<str:speaker>.ics", feeds.speaker_feed, name="speaker-feed"),
        path("<slug:slug>/changes/", changes_page.changes, name="changes"),
        path("<slug:slug>/schedule.json", views.schedule_json, name="schedule-json"),
        path("<slug:slug>/schedule.ics", feeds.conference_feed, name="conference-feed"),
        path("<slug:slug>/schedule.xml", exports.schedule_xml, name="schedule-xml"),
        path("<slug:slug>/schedule.frab.json", exports.schedule_frab_json, name="schedule-frab-json"),
    ]


urlpatterns = patterns(async_pages if settings.ASYNC_PAGES else views)
