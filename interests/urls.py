from django.contrib.auth import views as auth_views
from django.urls import path

from interests import feeds, me, sign_in, views
from presentations import converters  # noqa: F401 (registers <id:…>)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("calendar/<slug:token>.ics", feeds.personal_feed, name="personal-feed"),
    path("me/", me.me, name="me"),
    path("me/feed/rotate/", me.rotate_feed, name="rotate-feed"),
    path("login/", sign_in.SignInView.as_view(), name="login"),
    path("signup/", sign_in.sign_up, name="signup"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("talks/<id:pk>/interest/", views.mark_interest, name="mark-interest"),
    path("me/interests.json", views.my_interests, name="my-interests"),
]
