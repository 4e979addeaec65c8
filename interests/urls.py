from django.contrib.auth import views as auth_views
from django.urls import path

from interests import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("talks/<int:pk>/interest/", views.mark_interest, name="mark-interest"),
    path("me/interests.json", views.my_interests, name="my-interests"),
]
