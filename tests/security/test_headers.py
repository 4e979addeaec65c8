"""Every answer carries the security headers; answers made for a signed-in person are never cached."""

import pytest

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self' ws://testserver; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self' https://github.com; frame-ancestors 'none'"
)


def csp_of(response) -> str:
    # Enforced, not report-only (CSP_REPORT_ONLY is off by default).
    assert "Content-Security-Policy-Report-Only" not in response
    return response.get("Content-Security-Policy", "")


def directives(policy: str) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part for part in (item.strip() for item in policy.split(";")) if part}


@pytest.mark.django_db
def test_pages_send_the_security_headers(client, make_presentation):
    talk = make_presentation()

    response = client.get(f"/talks/{talk.pk}/")

    assert directives(csp_of(response)) == directives(POLICY)
    assert {
        name: response.get(name)
        for name in ("Referrer-Policy", "X-Content-Type-Options", "X-Frame-Options", "Cross-Origin-Opener-Policy")
    } == {
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    assert response["Permissions-Policy"] == (
        "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
        "magnetometer=(), microphone=(), payment=(), usb=()"
    )


@pytest.mark.django_db
def test_socket_origin_in_the_policy_follows_the_host_and_scheme(client, settings):
    settings.ALLOWED_HOSTS = ["guide.example"]

    plain = client.get("/healthz", HTTP_HOST="guide.example")
    secure = client.get("/healthz", HTTP_HOST="guide.example", secure=True)

    assert directives(csp_of(plain))["connect-src"] == "connect-src 'self' ws://guide.example"
    assert directives(csp_of(secure))["connect-src"] == "connect-src 'self' wss://guide.example"


@pytest.mark.django_db
def test_pages_for_a_signed_in_person_are_private_and_not_stored(client, make_presentation, make_user):
    talk = make_presentation()
    client.force_login(make_user())

    answers = {
        path: client.get(path)
        for path in ("/me/", f"/talks/{talk.pk}/", f"/{talk.conference.slug}/", f"/{talk.conference.slug}/grid/")
    }

    assert {path: (r.status_code, r.get("Cache-Control")) for path, r in answers.items()} == {
        path: (200, "private, no-store") for path in answers
    }


@pytest.mark.django_db
def test_pages_for_visitors_stay_cacheable(client, make_presentation):
    talk = make_presentation()

    answer = client.get(f"/talks/{talk.pk}/")

    # Whatever else the page says about caching, it is not marked personal.
    directives = {part.strip() for part in answer.get("Cache-Control", "").split(",")}
    assert (answer.status_code, directives & {"private", "no-store"}) == (200, set())


@pytest.mark.django_db
def test_my_interests_json_for_a_signed_in_person_is_not_stored(client, make_presentation, make_user):
    talk = make_presentation()
    client.force_login(make_user())

    answer = client.get(f"/me/interests.json?conference={talk.conference.slug}")

    assert set(answer["Cache-Control"].replace(" ", "").split(",")) >= {"private", "no-store"}


def test_an_answer_with_a_policy_of_its_own_still_gets_it_and_a_late_nonce_is_refused(rf):
    from csp.exceptions import CSPNonceError
    from django.http import HttpResponse

    from security.csp import SiteCSPMiddleware

    def view(request):
        response = HttpResponse("ok")
        response._csp_update = {"img-src": ["https://img.example"]}  # as django-csp's @csp_update does
        return response

    middleware = SiteCSPMiddleware(view)
    own, plain = middleware(rf.get("/")), SiteCSPMiddleware(lambda request: HttpResponse("ok"))
    request = rf.get("/")
    policy = plain(request)["Content-Security-Policy"]

    assert directives(own["Content-Security-Policy"])["img-src"] == "img-src 'self' data: https://img.example"
    assert directives(policy) == directives(POLICY)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
