from django.urls import path

from interests import feeds, me, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("calendar/<slug:token>.ics", feeds.personal_feed, name="personal-feed"),
    path("me/", me.me, name="me"),
    path("me/feed/rotate/", me.rotate_feed, name="rotate-feed"),
]
