"""The schedule list, the grid and the talk page as a visitor and a signed-in user see them."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from interests.models import Interest
from presentations import clock
from presentations.models import ImportRun, Presentation, ScheduleChange

# Both kinds of views of the list and the talk page (tests/presentations/conftest.py).
pytestmark = pytest.mark.usefixtures("page_views")

TZ = ZoneInfo("America/Los_Angeles")


def at(hour: int, minute: int = 0, day: int = 30) -> datetime:
    return datetime(2016, 5, day, hour, minute, tzinfo=TZ)


def html(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


def texts(document, selector: str) -> list[str]:
    return [" ".join(element.text_content().split()) for element in document.cssselect(selector)]


@pytest.fixture
def conference(make_conference, make_presentation):
    conference = make_conference(
        slug="pycon-2016",
        name="PyCon US 2016",
        start_date=date(2016, 5, 30),
        end_date=date(2016, 5, 31),
    )
    make_presentation(conference, title="Keynote", kind="plenary", room="", start=at(9, 30), end=at(10, 10))
    make_presentation(
        conference,
        title="Machete-mode debugging",
        speakers=["Ned Batchelder"],
        category="Best Practices",
        audience="Intermediate",
        room="Ballroom 201",
        start=at(10, 50),
        end=at(11, 20),
        description="Tools & tricks.\n\nSecond paragraph.",
    )
    make_presentation(
        conference,
        title="Thinking in coroutines",
        speakers=["Łukasz Langa", "Guest"],
        category="Python Core",
        audience="Novice",
        room="Ballroom 203",
        start=at(10, 50),
        end=at(11, 35),
    )
    make_presentation(conference, title="Lunch", kind="lunch", room="", start=at(12, 40), end=at(13, 40))
    make_presentation(
        conference,
        title="Dropped talk",
        room="Ballroom 201",
        start=at(10, 50, day=31),
        status=Presentation.Status.CANCELLED,
    )
    make_presentation(conference, title="Poster on Hy", kind="poster", room="", start=None, end=None)
    return conference


def card(title: str) -> Presentation:
    return Presentation.objects.get(title=title)


def test_schedule_list_by_day_and_time(client, conference):
    document = html(client.get("/pycon-2016/"))

    assert texts(document, ".day > h2") == [
        "Monday, May 30",
        "Tuesday, May 31",
        "Posters and other sessions without a time",
    ]
    assert texts(document, ".slot-time") == ["9:30 AM", "10:50 AM", "12:40 PM", "10:50 AM", "No set time"]
    assert texts(document, ".zone") == ["Times in America/Los_Angeles (PDT)"]
    assert texts(document, ".match-count") == ["6 of 6 presentations"]
    assert texts(document, ".card-title") == [
        "Keynote",
        "Machete-mode debugging",
        "Thinking in coroutines",
        "Dropped talk Cancelled",
        "Poster on Hy",
    ]


def test_schedule_card_shows_everything_about_a_talk(client, conference):
    talk = card("Thinking in coroutines")
    document = html(client.get("/pycon-2016/"))

    (root,) = document.cssselect(f"article[data-presentation='{talk.pk}']")
    assert texts(root, ".card-title a") == ["Thinking in coroutines"]
    assert root.cssselect(".card-title a")[0].get("href") == f"/talks/{talk.pk}/"
    assert texts(root, ".speakers") == ["Łukasz Langa, Guest"]
    assert texts(root, ".facts li") == ["Talk", "45 min", "Python Core", "Novice", "Ballroom 203"]
    assert texts(root, f".interest-count[data-presentation='{talk.pk}']") == ["0"]
    assert texts(root, ".sign-in-to-add") == ["Sign in to add"]
    # Signing in adds the talk and comes back to its card.
    assert root.cssselect(".sign-in-to-add")[0].get("href") == f"/login/?next=/pycon-2016/%23p-{talk.pk}&add={talk.pk}"


def test_schedule_description_is_a_disclosure_leading_to_the_talk_page_which_shows_it_escaped(client, conference):
    machete = card("Machete-mode debugging")
    document = html(client.get("/pycon-2016/"))
    talk_page = html(client.get(f"/talks/{machete.pk}/"))

    (details,) = document.cssselect(f"#p-{machete.pk} details")
    assert texts(details, "summary") == ["Description"]
    assert [a.get("href") for a in details.cssselect("a")] == [f"/talks/{machete.pk}/#description"]
    assert texts(talk_page, "#description p") == ["Tools & tricks.", "Second paragraph."]


def test_schedule_breaks_are_compact_without_interest(client, conference):
    lunch = card("Lunch")
    document = html(client.get("/pycon-2016/"))

    (root,) = document.cssselect(f"#p-{lunch.pk}")
    assert (root.get("class"), texts(root, ".compact-title"), root.cssselect(".interest")) == (
        "card card-compact",
        ["Lunch"],
        [],
    )


def test_schedule_cancelled_talk_has_badge_and_no_add_button(client, conference):
    document = html(client.get("/pycon-2016/"))

    (root,) = document.cssselect(f"#p-{card('Dropped talk').pk}")
    assert (root.get("class"), texts(root, ".badge-cancelled"), root.cssselect(".sign-in-to-add")) == (
        "card is-cancelled",
        ["Cancelled"],
        [],
    )


def test_schedule_signed_in_controls_reflect_interests(client, conference, make_user):
    user = make_user()
    machete, coroutines = card("Machete-mode debugging"), card("Thinking in coroutines")
    Interest.objects.create(user=user, presentation=machete)
    Interest.objects.create(user=make_user(), presentation=machete)
    client.force_login(user)

    document = html(client.get("/pycon-2016/?day=2016-05-30"))

    def control(presentation):
        (form,) = document.cssselect(f"#p-{presentation.pk} form.interest-form")
        (button,) = form.cssselect("button.interest-button")
        return (
            form.get("method"),
            form.get("action"),
            form.cssselect("input[name=interested]")[0].get("value"),
            form.cssselect("input[name=next]")[0].get("value"),
            bool(form.cssselect("input[name=csrfmiddlewaretoken]")),
            button.get("aria-pressed"),
            button.text_content(),
            texts(document, f"#p-{presentation.pk} .interest-count"),
        )

    assert control(machete) == (
        "post",
        f"/talks/{machete.pk}/interest/",
        "0",
        f"/pycon-2016/?day=2016-05-30#p-{machete.pk}",
        True,
        "true",
        "Remove from Calendar",
        ["2"],
    )
    assert control(coroutines) == (
        "post",
        f"/talks/{coroutines.pk}/interest/",
        "1",
        f"/pycon-2016/?day=2016-05-30#p-{coroutines.pk}",
        True,
        "false",
        "Add to Calendar",
        ["0"],
    )


def test_schedule_filters_narrow_and_count(client, conference):
    document = html(client.get("/pycon-2016/?category=Python+Core&q=langa"))

    assert texts(document, ".card-title") == ["Thinking in coroutines"]
    assert texts(document, ".match-count") == ["1 of 6 presentations"]
    assert document.cssselect("#f-category option[selected]")[0].get("value") == "Python Core"
    assert document.cssselect("#f-q")[0].get("value") == "langa"


def test_schedule_filter_choices_come_from_the_conference(client, conference):
    document = html(client.get("/pycon-2016/"))

    assert texts(document, "#f-day option") == ["Any day", "Mon, May 30", "Tue, May 31"]
    assert texts(document, "#f-kind option") == ["Any kind", "Lunch", "Plenary", "Poster", "Talk"]
    assert texts(document, "#f-category option") == ["Any category", "Best Practices", "Python Core"]
    assert texts(document, "#f-duration option") == ["Any length", "30 min", "40 min", "45 min", "1 h"]
    assert texts(document, "#f-room option") == ["Any room", "Ballroom 201", "Ballroom 203"]


def test_schedule_invalid_filters_are_noted_not_errors(client, conference):
    document = html(client.get("/pycon-2016/?day=2016-02-30&duration=long&kind=talk"))

    assert texts(document, ".note") == [
        "Ignored the day “2016-02-30”: give a date as YYYY-MM-DD.",
        "Ignored the duration “long”: give a number of minutes.",
    ]
    assert texts(document, ".match-count") == ["3 of 6 presentations"]


def test_schedule_nothing_matches_offers_to_clear(client, conference):
    document = html(client.get("/pycon-2016/?q=nothing+like+this"))

    assert texts(document, ".empty-state h2") == ["No presentations match"]
    assert [a.get("href") for a in document.cssselect(".empty-state a")] == ["/pycon-2016/"]
    assert texts(document, ".match-count") == ["0 of 6 presentations"]


def test_schedule_mine_for_a_visitor_explains_and_shows_all(client, conference):
    document = html(client.get("/pycon-2016/?mine=1"))

    assert texts(document, ".note") == [
        "“Only my talks” shows the talks you added to your calendar. Sign in to see them; meanwhile here is everything."
    ]
    assert document.cssselect(".note a")[0].get("href") == "/login/?next=/pycon-2016/%3Fmine%3D1"
    assert texts(document, ".match-count") == ["6 of 6 presentations"]


def test_schedule_mine_shows_only_my_talks(client, conference, make_user):
    user = make_user()
    Interest.objects.create(user=user, presentation=card("Thinking in coroutines"))
    client.force_login(user)

    document = html(client.get("/pycon-2016/?mine=1"))

    assert texts(document, ".card-title") == ["Thinking in coroutines"]


def test_schedule_mine_with_nothing_marked_says_how(client, conference, make_user):
    client.force_login(make_user())

    document = html(client.get("/pycon-2016/?mine=1"))

    assert texts(document, ".empty-state p")[0] == (
        "You have not added any talks yet: press “Add to Calendar” on the ones you want to see."
    )


def test_schedule_shows_now_and_next_during_the_conference(client, conference, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: at(11, 25))

    document = html(client.get("/pycon-2016/"))

    assert texts(document, ".happening li") == ["Thinking in coroutines · Ballroom 203", "Lunch"]
    assert texts(document, ".happening h3") == ["Next, at 12:40 PM"]
    assert document.cssselect(".happening h3 a")[0].get("href") == "#at-2016-05-30-1240"
    assert document.cssselect("#at-2016-05-30-1240")


def test_schedule_has_no_now_outside_the_conference(client, conference, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: at(11, 25) + timedelta(days=30))

    assert html(client.get("/pycon-2016/")).cssselect(".happening") == []


def test_schedule_unknown_conference_is_404(client, db):
    assert client.get("/nope/").status_code == 404


def test_grid_defaults_to_first_day_with_rooms_as_columns(client, conference):
    document = html(client.get("/pycon-2016/grid/"))

    assert texts(document, ".day-tabs a[aria-current=page]") == ["Mon, May 30"]
    assert texts(document, ".grid-room") == ["Ballroom 201", "Ballroom 203"]
    assert texts(document, ".grid-time") == ["9:30 AM", "10:50 AM", "12:40 PM"]
    machete = card("Machete-mode debugging")
    (block,) = document.cssselect(f".grid-item[data-presentation='{machete.pk}']")
    # Placed by classes (css/grid-lines.css), not style attributes: a strict CSP allows no inline styles.
    assert (block.get("style"), set(block.get("class").split()) >= {"gr-18", "grs-6", "gc-2", "gcs-1", "rows-6"}) == (
        None,
        True,
    )
    assert texts(document, ".zone") == ["Times in America/Los_Angeles (PDT)"]


def test_grid_shows_today_during_the_conference_with_a_now_line(client, conference, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: at(10, 0, day=31))

    document = html(client.get("/pycon-2016/grid/"))

    assert texts(document, ".day-tabs a[aria-current=page]") == ["Tue, May 31"]
    # Tuesday has only the cancelled talk, 10:50-11:20: 10:00 is before the day's grid begins.
    assert (document.cssselect("#now"), document.cssselect(".jump-now")) == ([], [])


def test_grid_now_line_and_jump_link(client, conference, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: at(11, 0))

    document = html(client.get("/pycon-2016/grid/?day=2016-05-30"))

    assert (document.cssselect("#now")[0].get("class"), document.cssselect(".now-line")[0].get("class")) == (
        "now-mark gr-20 gc-1",
        "now-line gr-20",
    )
    assert document.cssselect(".jump-now")[0].get("href") == "#now"


def test_grid_unknown_day_falls_back_with_a_note(client, conference):
    document = html(client.get("/pycon-2016/grid/?day=2016-07-04"))

    assert texts(document, ".note") == ["This conference has no day “2016-07-04”; showing Monday, May 30."]


def test_grid_of_a_conference_without_talks(client, make_conference):
    make_conference(slug="empty")

    document = html(client.get("/empty/grid/"))

    assert texts(document, ".empty-state h2") == ["Nothing scheduled"]


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
def test_schedule_of_a_large_conference_starts_with_one_day_and_filters_show_every_day(client, make_conference):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from presentations.models import Presentation

    conference = make_conference(slug="big", timezone="Europe/Brussels")
    tz = ZoneInfo("Europe/Brussels")
    Presentation.objects.bulk_create(
        Presentation(
            conference=conference,
            source_id=str(n),
            kind="talk",
            title=f"Talk {n}",
            category="Odd" if n % 2 else "Even",
            room=f"Room {n % 10}",
            start=datetime(2024, 2, 3 + n % 2, 9, tzinfo=tz) + timedelta(minutes=n),
            end=datetime(2024, 2, 3 + n % 2, 9, 30, tzinfo=tz) + timedelta(minutes=n),
        )
        for n in range(320)
    )

    first = client.get("/big/")
    by_track = client.get("/big/", {"category": "Odd"})
    second_day = client.get("/big/", {"day": "2024-02-04"})

    assert (first.context["shown"], first.context["one_day"].isoformat()) == (160, "2024-02-03")
    assert b"This conference has 320 presentations, so the list starts with one day" in first.content
    assert (by_track.context["shown"], by_track.context["one_day"]) == (160, None)
    assert [day.date.isoformat() for day in by_track.context["agenda"].days] == ["2024-02-04"]
    assert (second_day.context["shown"], second_day.context["one_day"]) == (160, None)


@pytest.mark.django_db
def test_talk_page_and_card_show_language_and_recording(client, make_presentation):
    talk = make_presentation(title="Ein Vortrag", language="de", recorded=False)

    page = client.get(f"/talks/{talk.pk}/").content.decode()
    listing = client.get(f"/{talk.conference.slug}/").content.decode()

    assert '<dt>Language</dt><dd lang="de">de</dd>' in page
    assert "<dt>Recording</dt><dd>Not recorded</dd>" in page
    assert '<li class="fact-language">Language: de</li>' in listing
    assert '<li class="fact-recording">Not recorded</li>' in listing
