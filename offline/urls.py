from django.urls import path

from offline import views

urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("offline/", views.offline_page, name="offline"),
    path("<slug:slug>/offline.json", views.conference_copy, name="offline-copy"),
]
