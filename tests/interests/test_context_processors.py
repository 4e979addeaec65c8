from django.test import AsyncRequestFactory, RequestFactory

from interests.context_processors import live


def test_live_names_the_socket_under_asgi():
    assert live(AsyncRequestFactory().get("/")) == {"live_socket": "/ws/"}


def test_live_names_no_socket_under_wsgi():
    assert live(RequestFactory().get("/")) == {"live_socket": ""}
