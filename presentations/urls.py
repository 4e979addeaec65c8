from django.urls import path

from presentations import feeds, views

urlpatterns = [
    path("", views.home, name="home"),
    path("talks/<int:pk>/", views.talk, name="talk"),
    path("talks/<int:pk>.ics", feeds.talk_feed, name="talk-feed"),
    path("<slug:slug>/", views.schedule, name="schedule"),
    path("<slug:slug>/grid/", views.grid, name="grid"),
    path("<slug:slug>/schedule.json", views.schedule_json, name="schedule-json"),
    path("<slug:slug>/schedule.ics", feeds.conference_feed, name="conference-feed"),
]
