"""Fixed-window rate limits (django-ratelimit), counted in the shared cache so that every process agrees.

The interest form counts per user (settings.INTEREST_RATE), sign-up per client address
(settings.SIGN_UP_RATE). A cache that cannot answer lets the request through and says so in the log, as
RATELIMIT_FAIL_OPEN does: Redis going away must not stop anyone marking a talk or making an account.
"""

from __future__ import annotations

import logging

from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)


def seconds_to_wait(request, *, group: str, key: str, rate: str) -> int:
    """Counts this request in `group` for its `key` ("user", "ip": django-ratelimit's keys) and returns
    the seconds until the window under `rate` ends when it is past the rate, else 0 (go ahead)."""
    try:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    except Exception as error:  # the cache (Redis) failed
        logger.warning("%s rate limit not checked: %s: %s", group, type(error).__name__, error)
        return 0
    if usage is None or not usage["should_limit"]:
        return 0
    return max(1, usage["time_left"])
