"""django-csp's middleware, plus this host's own WebSocket origin in `connect-src`.

CSP Level 3 lets `'self'` match ws:/wss: on the page's own host, but not every browser in use does: the
socket's origin is named outright, from the Host header Django has already checked against ALLOWED_HOSTS.

The policy is the same for every answer to one origin unless a view asked for another (django-csp's
decorators) or a template used the nonce: those go through django-csp's own per-answer building; every other
answer gets the policy built once per origin (and again only when the CSP settings change).
"""

from __future__ import annotations

from functools import lru_cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.dispatch import receiver

from security.on_loop import OnTheLoop

# What django-csp's decorators set on a response to change its policy.
PER_ANSWER = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
DEBUG_PAGES = (404, 500)  # django-csp leaves Django's debug pages alone under DEBUG


def socket_origin(request) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return f"{'wss' if request.is_secure() else 'ws'}://{host}"


def with_socket(update: dict | None, origin: str | None) -> dict | None:
    if origin is None:
        return update
    update = dict(update or {})
    update["connect-src"] = [*update.get("connect-src", ()), origin]
    return update


@lru_cache(maxsize=64)
def fixed_policies(origin: str | None) -> tuple[tuple[str, str, str], ...]:
    """(header, policy, settings name) for the enforced and the report-only policy, those that are set."""
    update = with_socket(None, origin)
    pairs = (
        (HEADER, build_policy(update=update), "CONTENT_SECURITY_POLICY"),
        (HEADER_REPORT_ONLY, build_policy(update=update, report_only=True), "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
    )
    return tuple(pair for pair in pairs if pair[1])


@receiver(setting_changed)
def _forget_policies(setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        fixed_policies.cache_clear()


class SiteCSPMiddleware(OnTheLoop, CSPMiddleware):
    """Both hooks only compute (no I/O, no database): on the event loop (security/on_loop.py)."""

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, name) for name in PER_ANSWER):
            return super().process_response(request, response)
        if response.status_code in DEBUG_PAGES and settings.DEBUG:
            return response
        for header, policy, setting in fixed_policies(socket_origin(request)):
            exempt = getattr(response, "_csp_exempt_ro" if header == HEADER_REPORT_ONLY else "_csp_exempt", False)
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if header not in response and exempt is False and not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header went out is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        parts.update = with_socket(parts.update, socket_origin(request))
        return parts
