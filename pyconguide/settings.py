"""Settings for PyCon Guide, read from the environment.

A laptop needs none of them: SQLite and the in-memory channel layer. Production sets DATABASE_URL
(PostgreSQL), REDIS_URL (channels-redis), SECRET_KEY and ALLOWED_HOSTS, with DEBUG off.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from pyconguide import static_root

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


DEBUG = env_flag("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-DEBUG"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else [])
if not DEBUG and (not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS):
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's hosts (not '*') when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for forms rendered with the site's engine (presentations.filters)
    # ServeStatic's configuration checks (its middleware warns under DEBUG without them).
    "servestatic",
    "channels",
    "social_django",
    "axes",
    "presentations",
    "interests",
    "scraper",
    "security",
    "offline",
]

MIDDLEWARE = [
    "security.on_loop.SecurityMiddleware",
    "security.csp.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    # Below ServeStatic, which answers static files itself (precompressed at collectstatic); before every
    # layer that may change the body. security/compression.py says what is never compressed, and why.
    "security.compression.CompressUnlessSecret",
    "security.middleware.RefuseControlCharacters",
    "security.on_loop.SessionMiddleware",
    "security.on_loop.CommonMiddleware",
    "security.on_loop.CsrfViewMiddleware",
    "security.on_loop.AuthenticationMiddleware",
    "security.middleware.PrivateWhenSignedIn",
    "security.on_loop.MessageMiddleware",
    "security.on_loop.XFrameOptionsMiddleware",
    "social_django.middleware.SocialAuthExceptionMiddleware",
    # Last, as django-axes asks: it turns a lock-out found during sign-in into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pyconguide.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "social_django.context_processors.backends",
                "interests.context_processors.live",
                "presentations.context_processors.conferences",
                "presentations.context_processors.card_defaults",
            ],
        },
    },
]

WSGI_APPLICATION = None
ASGI_APPLICATION = "pyconguide.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests that run Daphne in a child process need a file-backed test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
    # SQLite as a real embedded database for several processes on one file: WAL lets readers go on while
    # one writer writes; IMMEDIATE takes the write lock when a transaction starts, so two writers queue
    # on the busy timeout instead of one failing with "database is locked" when it upgrades a read lock
    # (which SQLite cannot wait for). docs/deploy.md, "SQLite".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Connections stay open: the last connection to a WAL database to close checkpoints it and deletes the
    # WAL (16 ms measured, on every socket frame and request when each closed after use). Django still
    # closes one that failed (health checks), and a new thread opens its own.
    DATABASES["default"]["CONN_MAX_AGE"] = None
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_flag("DB_POOL", True):
    # Each web process keeps a few connections open and lends one to each request (psycopg's pool), instead
    # of opening a new one per request: that cost PostgreSQL pages 6-74% against SQLite. Requests beyond
    # max_size wait up to DB_POOL_TIMEOUT seconds for one to come back (so /healthz answers 503 that soon
    # when PostgreSQL is down). Sizes per process, and their sum against PostgreSQL's max_connections:
    # docs/deploy.md, "PostgreSQL pool".
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DB_POOL_MIN_SIZE", "2")),
        "max_size": int(os.environ.get("DB_POOL_MAX_SIZE", "4")),
        "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "5")),
        # A connection idle this long is closed (down to min_size), so a quiet night holds few.
        "max_idle": 300,
    }
# Requests each process lets into Django at once (security/overload.py): Django gives each request in flight
# a thread of its own, and each thread a connection, so by default as many as the pool holds and no request
# ever waits for the pool. The others wait their turn, and after HTTP_QUEUE_SECONDS get 503 with
# Retry-After. 0: no limit (the default without the pool). docs/deploy.md, "Processes".
_pool = DATABASES["default"].get("OPTIONS", {}).get("pool")
HTTP_CONCURRENCY = int(os.environ.get("HTTP_CONCURRENCY") or (_pool["max_size"] if _pool else 0))
HTTP_QUEUE_SECONDS = float(os.environ.get("HTTP_QUEUE_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def channel_layers(redis_url: str) -> dict:
    if not redis_url:
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # redis-py 8 caps an asyncio pool at 100 connections by default; with many sockets per process
    # that starves the layer. The host dict goes straight to redis-py's pool.
    return {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [{"address": redis_url, "max_connections": 1000}],
                "prefix": os.environ.get("CHANNELS_PREFIX", "pyconguide"),
            },
        }
    }


REDIS_URL = os.environ.get("REDIS_URL", "")
CHANNEL_LAYERS = channel_layers(REDIS_URL)
# The interest rate limit counts in a cache of its own: in Redis it is shared by every process; without
# Redis there is one process, and its own memory is exact. (The default cache stays in each process.)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CHANNELS_PREFIX", "pyconguide"),
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"}
    ),
}
# The page cache (presentations/page_cache.py): schedule pages kept per schedule version, in each process's
# memory and, with Redis, shared by every process. PAGE_CACHE=0 renders every page afresh.
PAGE_CACHE = env_flag("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
PAGE_CACHE_MEMORY_MB = int(os.environ.get("PAGE_CACHE_MEMORY_MB", "64"))
# The list and talk pages as async views (presentations/async_pages.py), measured against the sync ones by
# bench/crowd.py; off by default.
ASYNC_PAGES = env_flag("ASYNC_PAGES", False)
if REDIS_URL:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CHANNELS_PREFIX", "pyconguide"),
        "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
    }
RATELIMIT_USE_CACHE = "ratelimit"
# A cache that cannot answer lets the change through (and says so in the log): Redis going away must not
# stop anyone marking a talk.
RATELIMIT_FAIL_OPEN = True

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username or address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "social_core.backends.github.GithubOAuth2",
    "django.contrib.auth.backends.ModelBackend",
]
SOCIAL_AUTH_GITHUB_KEY = os.environ.get("SOCIAL_AUTH_GITHUB_KEY", "")
SOCIAL_AUTH_GITHUB_SECRET = os.environ.get("SOCIAL_AUTH_GITHUB_SECRET", "")
SOCIAL_AUTH_GITHUB_SCOPE: list[str] = []
SOCIAL_AUTH_URL_NAMESPACE = "social"
SOCIAL_AUTH_JSONFIELD_ENABLED = True
SOCIAL_AUTH_REDIRECT_IS_HTTPS = env_flag("SECURE_SSL_REDIRECT", False)
LOGIN_URL = "/login/"
# Anyone may make a local account at /signup/; SELF_REGISTRATION=0 turns that off (GitHub and accounts made
# by staff still work).
SELF_REGISTRATION = os.environ.get("SELF_REGISTRATION", "1") != "0"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where `collectstatic` puts the files the site serves (bench/crowd.py points it at a copy of its own).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# ServeStatic serves static files under ASGI. After `collectstatic` (the Procfile's release, `make run`)
# they come from STATIC_ROOT, gzipped once there; when STATIC_ROOT is missing or older than a source file,
# straight from the source folders, uncompressed (docs/deploy.md, "Static files").
SERVESTATIC_AUTOREFRESH = DEBUG
SERVESTATIC_USE_FINDERS = DEBUG or not static_root.is_current(STATICFILES_DIRS, STATIC_ROOT)
SERVESTATIC_USE_BROTLI = False  # gzip only: brotli would be one more compiled dependency for ~15% less
# Part of the service worker's version (offline/views.py): change it to make every browser drop its
# offline copy of the site even when no static file changed.
OFFLINE_VERSION = os.environ.get("OFFLINE_VERSION", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "servestatic.storage.CompressedStaticFilesStorage"},
}

# Production hardening: on whenever DEBUG is off, each switchable for a proxy that terminates TLS.
# BEHIND_PROXY is the one switch for trusting X-Forwarded-Proto (here) and X-Forwarded-For (the ASGI
# application, security/asgi.py): without a proxy that sets them, anyone could.
BEHIND_PROXY = env_flag("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SESSION_COOKIE_SECURE = env_flag("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_flag("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Features no page of the site uses, refused for it and anything it might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Content-Security-Policy (django-csp 4; security/csp.py adds this host's own ws:// or wss:// origin).
# Nothing inline: every script and style is a file under /static/. CSP_REPORT_ONLY=1 sends the same policy
# as Content-Security-Policy-Report-Only instead, for trying a change on a live site.
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    # Sign in with GitHub posts to /auth/login/github/, which redirects the form to GitHub.
    "form-action": ["'self'", "https://github.com"],
    "frame-ancestors": ["'none'"],
}
if env_flag("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}

# Sign-in throttling (django-axes): SIGN_IN_FAILURE_LIMIT failed passwords for one username, or from one
# client address, lock that username or address out of every password form for SIGN_IN_COOL_OFF_MINUTES.
# A success resets the count. Locked-out answers: 429 (security/views.py), JSON for JSON clients.
AXES_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGN_IN_COOL_OFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "security.views.locked_out"
# REMOTE_ADDR is already the client's address: the ASGI application sets it from X-Forwarded-For only
# behind a proxy (BEHIND_PROXY), so axes needs no proxy logic of its own.
AXES_CLIENT_IP_CALLABLE = "security.views.client_address"
# axes logs every failed attempt with the username; that is enough, without the successful ones too.
AXES_DISABLE_ACCESS_LOG = True

# Interest changes over HTTP: so many per user per minute, then 429 with Retry-After.
INTEREST_RATE = os.environ.get("INTEREST_RATE", "60/m")
# Open live sockets allowed per signed-in user and per client address, in each server process (docs/live.md,
# "Limits"). A conference's Wi-Fi puts many people behind one address, so that cap is high.
LIVE_SOCKETS_PER_USER = int(os.environ.get("LIVE_SOCKETS_PER_USER", "20"))
LIVE_SOCKETS_PER_ADDRESS = int(os.environ.get("LIVE_SOCKETS_PER_ADDRESS", "2000"))
# Sign-up attempts (/signup/, made or refused) per client address: a flood of accounts or of username
# probes stops there; generous, since a whole venue may share one NAT address.
SIGN_UP_RATE = os.environ.get("SIGN_UP_RATE", "20/h")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "interests.log_format.SiteFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    # Every line leaves through this handler, and the filter takes personal feed tokens out of each.
    # A command's console is the terminal it prints to: lines it printed itself are not logged there again.
    "filters": {
        "redact": {"()": "security.logs.RedactFeedTokens"},
        "not_printed": {"()": "scraper.printed.NotPrinted"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact", "not_printed"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (DEBUG only) would print its lines a second time, unfiltered.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        # axes logs every sign-in and every start at INFO; its lock-outs (WARNING) are what an operator needs.
        "axes": {"level": "WARNING"},
        # The scraper names every page it could not fetch; urllib3's retry chatter adds nothing to that.
        "urllib3": {"level": "ERROR"},
    },
}
