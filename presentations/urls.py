from django.urls import path

from presentations import views

urlpatterns = [
    path("", views.home, name="home"),
    path("talks/<int:pk>/", views.talk, name="talk"),
    path("<slug:slug>/", views.schedule, name="schedule"),
    path("<slug:slug>/grid/", views.grid, name="grid"),
    path("<slug:slug>/schedule.json", views.schedule_json, name="schedule-json"),
]
