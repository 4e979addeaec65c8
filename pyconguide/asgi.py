"""ASGI entry point: `daphne pyconguide.asgi:application` serves pages and sockets."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pyconguide.settings")
django_asgi_app = get_asgi_application()

# Routing imports models: only after Django is set up.
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from interests.routing import websocket_urlpatterns  # noqa: E402
from interests.wire import Wire  # noqa: E402
from security.asgi import AccessLog, ProxyHeaders  # noqa: E402
from security.overload import Admission  # noqa: E402

# Wire, outermost, keeps each socket's own send for the hub's fan-out (interests/wire.py).
application = Wire(
    ProxyHeaders(
        AccessLog(
            ProtocolTypeRouter(
                {
                    # At most HTTP_CONCURRENCY requests in Django at once; past the queue, 503 (security/overload.py).
                    "http": Admission(django_asgi_app),
                    "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
                }
            )
        )
    )
)
