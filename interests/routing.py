from django.urls import path, re_path

from interests.consumers import LiveConsumer, UnknownPath

websocket_urlpatterns = [
    path("ws/", LiveConsumer.as_asgi()),
    # Anything else is refused at the handshake (HTTP 403), not left to the router's ValueError (a 500).
    re_path(r"", UnknownPath.as_asgi()),
]
