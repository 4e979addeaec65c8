"""Django's security checks still look at the middlewares, which MIDDLEWARE names by their subclasses."""

from django.core.checks import run_checks
from django.core.checks.security import base


def security_ids() -> list[str]:
    return [message.id for message in run_checks(tags=["security"], include_deployment_checks=True)]


def test_a_setting_the_security_middleware_reads_is_still_checked(settings):
    settings.SECURE_HSTS_SECONDS = 0

    # Django's own check does not find its middleware by path, and so passes without looking.
    assert base.check_sts(None) == []
    assert security_ids().count("security.W004") == 1


def test_a_middleware_left_out_still_warns_once(settings):
    settings.MIDDLEWARE = [path for path in settings.MIDDLEWARE if path != "security.on_loop.XFrameOptionsMiddleware"]

    assert security_ids().count("security.W002") == 1


def test_the_sites_middlewares_are_all_found():
    assert not {"security.W001", "security.W002", "security.W003"} & set(security_ids())
