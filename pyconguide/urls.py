from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("auth/", include("social_django.urls", namespace="social")),
    path("", include("interests.urls")),
    path("", include("offline.urls")),
    path("", include("presentations.urls")),
]

# A database pool that ran dry answers 503 with Retry-After, anything else Django's 500 (security/overload.py).
handler500 = "security.overload.server_error"
