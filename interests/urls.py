from django.urls import path

from interests import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
