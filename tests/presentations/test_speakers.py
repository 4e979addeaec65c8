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


@pytest.mark.django_db
def test_speaker_feed_holds_their_presentations_in_this_conference(client, fosdem, read_calendar):
    response = client.get("/fosdem-2024/speakers/nikola-jovanovic.ics")

    calendar = read_calendar(response.content)
    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Rust in anger", "Rust, calmly"]
    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"]) == "FOSDEM 2024: Nikola Jovanović"
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]


@pytest.mark.django_db
def test_speaker_feed_answers_304_and_follows_a_new_talk(client, fosdem, make_presentation, read_calendar):
    first = client.get("/fosdem-2024/speakers/ana.ics")
    unchanged = client.get("/fosdem-2024/speakers/ana.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    make_presentation(fosdem, title="Ana again", speakers=["Ana"], start=datetime(2024, 2, 4, 9, 0, tzinfo=TZ))
    changed = client.get("/fosdem-2024/speakers/ana.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert changed.status_code == 200
    assert [str(event["SUMMARY"]) for event in read_calendar(changed.content).walk("VEVENT")] == [
        "Rust in anger",
        "Go",
        "Ana again",
    ]


@pytest.mark.django_db
def test_speaker_feed_of_an_unknown_speaker_or_conference_is_404(client, fosdem):
    assert client.get("/fosdem-2024/speakers/nobody.ics").status_code == 404
    assert client.get("/nowhere/speakers/ana.ics").status_code == 404


@pytest.mark.django_db
def test_speaker_page_links_its_feed(client, fosdem):
    document = lxml.html.fromstring(client.get("/fosdem-2024/speakers/nikola-jovanovic/").content)

    assert texts_of(document, ".subscribe summary") == ["Subscribe to this speaker’s talks in your calendar"]
    assert [a.get("href") for a in document.cssselect(".subscribe .webcal-link")] == [
        "webcal://testserver/fosdem-2024/speakers/nikola-jovanovic.ics"
    ]
    assert [i.get("value") for i in document.cssselect("#subscribe-url")] == [
        "http://testserver/fosdem-2024/speakers/nikola-jovanovic.ics"
    ]


def texts_of(document, selector: str) -> list[str]:
    return [" ".join(element.text_content().split()) for element in document.cssselect(selector)]


@pytest.mark.django_db
def test_speaker_page_shows_the_bio_a_source_gave_as_escaped_paragraphs(client, fosdem):
    from presentations.models import SpeakerBio

    SpeakerBio.objects.create(conference=fosdem, name="Nikola Jovanović", bio="Writes Rust.\n\n<b>Not bold</b>.")
    SpeakerBio.objects.create(conference=fosdem.__class__.objects.get(slug="other"), name="Ana", bio="Elsewhere.")

    nikola = client.get("/fosdem-2024/speakers/nikola-jovanovic/")
    ana = client.get("/fosdem-2024/speakers/ana/")

    assert texts(nikola, ".bio h2") == ["About Nikola Jovanović"]
    assert texts(nikola, ".bio p") == ["Writes Rust.", "<b>Not bold</b>."]
    assert texts(ana, ".bio") == []
