"""`/`: a note when there is no conference, a redirect when there is one, the list of conferences otherwise."""

from datetime import UTC, date, datetime

import lxml.html
import pytest

from presentations import clock

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)


def texts(response, selector: str) -> list[str]:
    document = lxml.html.fromstring(response.content)
    return [" ".join(element.text_content().split()) for element in document.cssselect(selector)]


@pytest.mark.django_db
def test_home_without_conference_says_how_to_load_one(client):
    response = client.get("/")

    assert (response.status_code, texts(response, "h1")) == (200, ["No conference loaded yet"])


@pytest.mark.django_db
def test_home_with_one_conference_redirects_to_it(client, make_conference, frozen):
    make_conference(slug="pycon-2016", start_date=date(2016, 5, 28), end_date=date(2016, 6, 5))

    response = client.get("/")

    assert (response.status_code, response["Location"]) == (302, "/pycon-2016/")


@pytest.mark.django_db
def test_home_with_several_lists_coming_then_past(client, make_conference, make_presentation, frozen):
    make_conference(slug="pycon-2016", name="PyCon US 2016", start_date=date(2016, 5, 28), end_date=date(2016, 6, 5))
    fosdem = make_conference(
        slug="fosdem-2024",
        name="FOSDEM 2024",
        timezone="Europe/Brussels",
        start_date=date(2024, 2, 3),
        end_date=date(2024, 2, 4),
    )
    make_conference(slug="now", name="On now", start_date=date(2026, 5, 19), end_date=date(2026, 5, 21))
    make_conference(slug="later", name="Later", start_date=date(2027, 1, 1), end_date=date(2027, 1, 2))
    make_presentation(fosdem)

    response = client.get("/")

    assert response.status_code == 200
    assert texts(response, "h2") == ["On now and coming up", "Past"]
    assert texts(response, ".conference-item > a") == ["On now", "Later", "FOSDEM 2024", "PyCon US 2016"]
    assert texts(response, ".conference-item .muted")[2] == "Feb 3–Feb 4, 2024 · 1 presentation · Europe/Brussels"


@pytest.mark.django_db
def test_header_switcher_lists_the_conferences_on_conference_pages(client, make_conference):
    make_conference(slug="pycon-2016", name="PyCon US 2016", start_date=date(2016, 5, 28))
    make_conference(slug="fosdem-2024", name="FOSDEM 2024", start_date=date(2024, 2, 3))

    response = client.get("/fosdem-2024/")

    assert texts(response, ".switcher summary") == ["FOSDEM 2024: other conferences"]
    assert texts(response, ".switcher li a") == ["FOSDEM 2024", "PyCon US 2016", "All conferences"]


@pytest.mark.django_db
def test_header_has_no_switcher_with_one_conference(client, make_conference):
    make_conference(slug="pycon-2016")

    assert texts(client.get("/pycon-2016/"), ".switcher") == []
