"""Django's security checks still look at the middlewares, which MIDDLEWARE names by their subclasses."""

from django.core.checks.security import base

from security.checks import check_security_on_djangos_paths


def ids(messages) -> set[str]:
    return {message.id for message in messages}


def test_a_setting_the_security_middleware_reads_is_still_checked(settings):
    settings.SECURE_HSTS_SECONDS = 0

    # Django's own check does not find its middleware by path, and so passes without looking.
    assert base.check_sts(None) == []
    assert "security.W004" in ids(check_security_on_djangos_paths(None))


def test_a_middleware_left_out_still_warns(settings):
    settings.MIDDLEWARE = [path for path in settings.MIDDLEWARE if path != "security.on_loop.XFrameOptionsMiddleware"]

    assert "on_loop.security.W002" in ids(check_security_on_djangos_paths(None))


def test_the_sites_middlewares_are_all_found(settings):
    assert not ids(check_security_on_djangos_paths(None)) & {
        "on_loop.security.W001",
        "on_loop.security.W002",
        "on_loop.security.W003",
    }
