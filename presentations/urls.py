from django.urls import path

from presentations import views

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:slug>/", views.schedule, name="schedule"),
    path("<slug:slug>/schedule.json", views.schedule_json, name="schedule-json"),
]
