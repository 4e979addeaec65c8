"""The talk page: everything about one talk, escaped, its changes, language and recording."""

import lxml.html
import pytest

from presentations.models import ImportRun, Presentation, ScheduleChange
from tests.presentations.pages import at, card, html, texts

# Both kinds of views of the list and the talk page (tests/presentations/conftest.py).
pytestmark = pytest.mark.usefixtures("page_views")


def test_talk_page_shows_everything(client, conference):
    talk = card("Machete-mode debugging")
    talk.url = "https://us.pycon.org/2016/schedule/presentation/1658/"
    talk.save()

    document = html(client.get(f"/talks/{talk.pk}/"))

    assert texts(document, "h1") == ["Machete-mode debugging"]
    assert texts(document, ".talk-facts dd") == [
        "Monday, May 30, 10:50 AM–11:20 AM America/Los_Angeles (PDT)",
        "30 min",
        "Ballroom 201",
        "Talk",
        "Best Practices",
        "Intermediate",
        "Scheduled",
    ]
    assert [a.get("href") for a in document.cssselect(".talk-links a")] == [
        f"/talks/{talk.pk}.ics",
        "https://us.pycon.org/2016/schedule/presentation/1658/",
    ]
    assert document.cssselect("body")[0].get("data-conference") == "pycon-2016"
    assert texts(document, f".interest-count[data-presentation='{talk.pk}']") == ["0"]


def test_talk_page_escapes_abstract_and_keeps_paragraphs(client, conference):
    talk = card("Machete-mode debugging")
    talk.abstract = "<script>alert('x')</script> first line\nsecond line\n\nNext paragraph"
    talk.save()

    response = client.get(f"/talks/{talk.pk}/")
    document = html(response)

    assert b"<script>alert" not in response.content
    paragraphs = document.cssselect(".talk-text")[1].cssselect("p")
    assert [lxml.html.tostring(p, encoding="unicode", with_tail=False) for p in paragraphs] == [
        "<p>&lt;script&gt;alert('x')&lt;/script&gt; first line<br>second line</p>",
        "<p>Next paragraph</p>",
    ]


def test_talk_page_never_links_a_script_url(client, conference):
    talk = card("Machete-mode debugging")
    Presentation.objects.filter(pk=talk.pk).update(url="javascript:alert(1)")

    document = html(client.get(f"/talks/{talk.pk}/"))

    assert [a.get("href") for a in document.cssselect(".talk-links a")] == [f"/talks/{talk.pk}.ics"]


def test_talk_page_cancelled_with_changes_newest_first(client, conference, make_user):
    talk = card("Dropped talk")
    run = ImportRun.objects.create(conference=conference, source="https://us.pycon.org/2016/schedule/", started=at(7))
    editor = make_user(username="staffer", email="staffer@example.com")
    ScheduleChange.objects.create(presentation=talk, field="room", old="A", new="Ballroom 201", at=at(8, day=1))
    ScheduleChange.objects.create(
        presentation=talk, field="start", old=at(9).isoformat(), new=at(10, 50).isoformat(), at=at(8), run=run
    )
    ScheduleChange.objects.create(
        presentation=talk, field="status", old="scheduled", new="cancelled", at=at(8, day=2), changed_by=editor
    )

    response = client.get(f"/talks/{talk.pk}/")
    document = html(response)

    assert texts(document, "h1 .badge-cancelled") == ["Cancelled"]
    assert texts(document, ".talk-changes li") == [
        "May 30, 8:00 AM PDT: Moved from Mon 9:00 AM to Mon 10:50 AM (Scrape of https://us.pycon.org/2016/schedule/)",
        "May 2, 8:00 AM PDT: Cancelled (Edited by staffer)",
        "May 1, 8:00 AM PDT: Room: A → Ballroom 201 (Source no longer known)",
    ]
    assert b"staffer@example.com" not in response.content


def test_talk_page_unknown_is_404(client, db):
    assert client.get("/talks/999999/").status_code == 404


@pytest.mark.django_db
def test_talk_page_and_card_show_language_and_recording(client, make_presentation):
    talk = make_presentation(title="Ein Vortrag", language="de", recorded=False)

    page = client.get(f"/talks/{talk.pk}/").content.decode()
    listing = client.get(f"/{talk.conference.slug}/").content.decode()

    assert '<dt>Language</dt><dd lang="de">de</dd>' in page
    assert "<dt>Recording</dt><dd>Not recorded</dd>" in page
    assert '<li class="fact-language">Language: de</li>' in listing
    assert '<li class="fact-recording">Not recorded</li>' in listing
