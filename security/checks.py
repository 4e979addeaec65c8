"""Django's security checks, run on the middlewares as this site names them.

Django finds its SecurityMiddleware, XFrameOptionsMiddleware and CsrfViewMiddleware by their dotted paths,
and MIDDLEWARE names the subclasses in security/on_loop.py instead: Django's three "not in your
MIDDLEWARE" warnings (security.W001–W003) would be false, and the checks that only look when the
middleware is there (HSTS, the SSL redirect, nosniff, the referrer and opener policies, X-Frame-Options,
the CSRF cookie) would pass without looking. `use_djangos_checks_on_our_paths` takes those checks out of
Django's registry and registers one that runs each of them against MIDDLEWARE with every subclass's Django
path in its place: the same warnings, under Django's own ids, as with Django's own classes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register, registry
from django.core.checks.security import base, csrf
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from security.on_loop import OnTheLoop

MIDDLEWARE_DEPENDENT = (
    base.check_security_middleware,
    base.check_xframe_options_middleware,
    csrf.check_csrf_middleware,
    base.check_sts,
    base.check_sts_include_subdomains,
    base.check_sts_preload,
    base.check_content_type_nosniff,
    base.check_ssl_redirect,
    base.check_xframe_deny,
    base.check_referrer_policy,
    base.check_cross_origin_opener_policy,
    csrf.check_csrf_cookie_secure,
)


def djangos_path(path: str) -> str:
    """The dotted path of the Django middleware an OnTheLoop subclass stands for; any other path as it is."""
    middleware = import_string(path)
    if not (isinstance(middleware, type) and issubclass(middleware, OnTheLoop)):
        return path
    django = next(cls for cls in middleware.__mro__[1:] if cls is not OnTheLoop)
    return f"{django.__module__}.{django.__qualname__}" if django.__module__.startswith("django.") else path


def check_security_on_djangos_paths(app_configs, **kwargs) -> list[CheckMessage]:
    with override_settings(MIDDLEWARE=[djangos_path(path) for path in settings.MIDDLEWARE]):
        return [message for check in MIDDLEWARE_DEPENDENT for message in check(app_configs)]


def use_djangos_checks_on_our_paths() -> None:
    """From SecurityConfig.ready: Django registered these as deployment checks when its checks were imported."""
    for check in MIDDLEWARE_DEPENDENT:
        registry.registry.deployment_checks.discard(check)
    register(check_security_on_djangos_paths, Tags.security, deploy=True)
