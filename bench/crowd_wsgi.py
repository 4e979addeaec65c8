"""Django's WSGI handler, only for bench/crowd.py's `granian-wsgi` candidate: the site itself is served
through ASGI (pyconguide/asgi.py), whose access log and proxy headers this entry point leaves out."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pyconguide.settings")
application = get_wsgi_application()
