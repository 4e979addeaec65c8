"""Speaker pages: every presentation of one speaker in a conference, linked from cards and talk pages."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from presentations.speakers import speaker_slug

TZ = ZoneInfo("Europe/Brussels")


def texts(response, selector: str) -> list[str]:
    assert response.status_code == 200
    document = lxml.html.fromstring(response.content)
    return [" ".join(element.text_content().split()) for element in document.cssselect(selector)]


@pytest.fixture
def fosdem(make_conference, make_presentation):
    conference = make_conference(slug="fosdem-2024", name="FOSDEM 2024", timezone="Europe/Brussels")
    other = make_conference(slug="other", name="Other")
    start = datetime(2024, 2, 3, 10, 0, tzinfo=TZ)
    make_presentation(conference, title="Rust in anger", speakers=["Nikola Jovanović", "Ana"], start=start)
    make_presentation(
        conference, title="Rust, calmly", speakers=["Nikola Jovanović"], start=start + timedelta(days=1, hours=2)
    )
    make_presentation(conference, title="Go", speakers=["Ana"], start=start)
    make_presentation(other, title="Elsewhere", speakers=["Nikola Jovanović"], start=start)
    return conference


@pytest.mark.parametrize(
    ("name", "slug"), [("Nikola Jovanović", "nikola-jovanovic"), ("Łukasz Langa", "lukasz-langa"), ("张三", "张三")]
)
def test_speaker_slug_folds_accents(name, slug):
    assert speaker_slug(name) == slug


@pytest.mark.django_db
def test_speaker_page_lists_their_presentations_in_this_conference(client, fosdem):
    response = client.get("/fosdem-2024/speakers/nikola-jovanovic/")

    assert texts(response, "h1") == ["Nikola Jovanović"]
    assert texts(response, ".card-title a") == ["Rust in anger", "Rust, calmly"]
    assert texts(response, ".day > h2") == ["Saturday, February 3", "Sunday, February 4"]
    assert texts(response, ".zone") == ["2 presentations at FOSDEM 2024 · times in Europe/Brussels (CET)"]


@pytest.mark.django_db
def test_speaker_page_of_an_unknown_speaker_is_404(client, fosdem):
    assert client.get("/fosdem-2024/speakers/nobody/").status_code == 404
    assert client.get("/nowhere/speakers/ana/").status_code == 404


@pytest.mark.django_db
def test_cards_and_talk_pages_link_each_speaker(client, fosdem):
    rust = fosdem.presentations.get(title="Rust in anger")

    on_list = texts(client.get("/fosdem-2024/?day=2024-02-03"), f"#p-{rust.pk} .speakers a")
    document = lxml.html.fromstring(client.get(f"/talks/{rust.pk}/").content)

    assert on_list == ["Nikola Jovanović", "Ana"]
    assert [a.get("href") for a in document.cssselect(".speakers a")] == [
        "/fosdem-2024/speakers/nikola-jovanovic/",
        "/fosdem-2024/speakers/ana/",
    ]


@pytest.mark.django_db
def test_speaker_page_of_a_non_ascii_name(client, make_conference, make_presentation):
    conference = make_conference(slug="c")
    make_presentation(conference, title="Hello", speakers=["张三"])

    assert texts(client.get("/c/speakers/%E5%BC%A0%E4%B8%89/"), ".card-title a") == ["Hello"]
