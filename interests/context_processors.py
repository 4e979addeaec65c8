"""What every page needs to know for the live side."""


def live(request) -> dict:
    # Sockets exist only when the site runs under ASGI (Daphne). Under a WSGI server (Django's live_server
    # in tests) a page must not try /ws/: the failed handshake would be a console error on every page.
    return {"live_socket": "/ws/" if hasattr(request, "scope") else ""}
