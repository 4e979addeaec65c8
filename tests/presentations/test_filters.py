from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from interests.models import Interest
from presentations.filters import ScheduleFilterForm, ScheduleFilters
from presentations.models import Presentation
from presentations.queries import schedule_choices

TZ = ZoneInfo("America/Los_Angeles")


def parse(query: str) -> ScheduleFilters:
    return ScheduleFilters.from_query(QueryDict(query))


def test_filters_from_empty_query_are_inactive():
    filters = parse("")

    assert (filters, filters.active, filters.notes) == (ScheduleFilters(), False, ())
    # from_query makes no form for an empty query: the form itself says the same.
    assert ScheduleFilterForm(QueryDict("")).to_filters() == filters
    assert ScheduleFilterForm(QueryDict("")).to_filters().notes == ()


def test_filters_read_every_parameter():
    filters = parse(
        "day=2016-05-30&kind=talk&category=Science&audience=Novice&duration=45&room=B112&q=+asyncio+&mine=1"
    )

    assert filters == ScheduleFilters(
        day=date(2016, 5, 30),
        kind="talk",
        category="Science",
        audience="Novice",
        duration=45,
        room="B112",
        q="asyncio",
        mine=True,
    )
    assert filters.active is True


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("day=2016-13-45", "Ignored the day “2016-13-45”: give a date as YYYY-MM-DD."),
        ("day=20160530", "Ignored the day “20160530”: give a date as YYYY-MM-DD."),
        ("day=tomorrow", "Ignored the day “tomorrow”: give a date as YYYY-MM-DD."),
        ("duration=half", "Ignored the duration “half”: give a number of minutes."),
        ("duration=-30", "Ignored the duration “-30”: give a number of minutes."),
        ("duration=0", "Ignored the duration “0”: give a number of minutes."),
        ("duration=99999999999999999999", "Ignored the duration “99999999999999999999”: give a number of minutes."),
        ("duration=٣٠", "Ignored the duration “٣٠”: give a number of minutes."),
    ],
)
def test_filters_ignore_invalid_values_with_a_note(query, note):
    filters = parse(query)

    assert (filters.day, filters.duration, filters.notes, filters.active) == (None, None, (note,), False)


def test_filters_drop_nul_characters():
    assert parse("q=asy%00ncio").q == "asyncio"


def test_filters_only_mine_when_nothing_else():
    assert (parse("mine=1").only_mine, parse("mine=1&kind=talk").only_mine, parse("").only_mine) == (True, False, False)


def test_filters_query_string_keeps_only_filters_in_use():
    assert parse("day=2016-05-30&kind=&q=a+b&duration=x").query_string() == "day=2016-05-30&q=a+b"


@pytest.fixture
def conference_2016(make_conference, make_presentation):
    conference = make_conference(slug="pycon-2016", timezone="America/Los_Angeles")

    def talk(title, *, day=30, hour=10, minutes=30, **fields):
        start = datetime(2016, 5, day, hour, 0, tzinfo=TZ)
        return make_presentation(conference, title=title, start=start, end=start + timedelta(minutes=minutes), **fields)

    talk("Coroutines", category="Python Core", audience="Intermediate", room="Ballroom A", speakers=["Łukasz Langa"])
    talk("Type hints", category="Python Core", audience="Novice", room="Ballroom B", minutes=45)
    talk("Pandas", day=31, category="Science", audience="Novice", room="Ballroom A", description="dataframes inside")
    talk("Tutorial", day=28, hour=9, minutes=200, kind="tutorial", category="Science", room="B112")
    talk("Lunch", hour=12, minutes=60, kind="lunch", room="")
    # Late evening in Portland is already the next day in UTC: the day filter must use the conference's zone.
    talk("Reception", day=30, hour=23, minutes=60, kind="plenary", room="")
    return conference


def titles(filters: ScheduleFilters, conference, user=None) -> list[str]:
    presentations = filters.apply(Presentation.objects.of(conference), conference, user or AnonymousUser())
    return sorted(presentations.values_list("title", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("day=2016-05-30", ["Coroutines", "Lunch", "Reception", "Type hints"]),
        ("day=2016-05-29", []),
        ("kind=tutorial", ["Tutorial"]),
        ("category=Science", ["Pandas", "Tutorial"]),
        ("audience=Novice", ["Pandas", "Type hints"]),
        ("duration=45", ["Type hints"]),
        ("room=Ballroom+A", ["Coroutines", "Pandas"]),
        ("q=langa", ["Coroutines"]),
        ("q=DATAFRAMES", ["Pandas"]),
        ("q=hints", ["Type hints"]),
    ],
)
def test_filter_narrows_to_matching_presentations(conference_2016, query, expected):
    assert titles(parse(query), conference_2016) == expected


def test_filters_combine(conference_2016):
    assert titles(parse("category=Python+Core&audience=Novice&day=2016-05-30"), conference_2016) == ["Type hints"]


def test_filter_ignored_value_leaves_the_rest(conference_2016):
    assert titles(parse("duration=soon&room=Ballroom+A&day=2016-5-30"), conference_2016) == ["Coroutines", "Pandas"]


def test_filter_mine_keeps_the_users_interests(conference_2016, make_user):
    user, other = make_user(), make_user()
    pandas = Presentation.objects.get(title="Pandas")
    Interest.objects.create(user=user, presentation=pandas)
    Interest.objects.create(user=other, presentation=Presentation.objects.get(title="Coroutines"))

    assert titles(parse("mine=1"), conference_2016, user) == ["Pandas"]


def test_filter_mine_keeps_everyones_count(conference_2016, make_user):
    user, other = make_user(), make_user()
    pandas = Presentation.objects.get(title="Pandas")
    Interest.objects.create(user=user, presentation=pandas)
    Interest.objects.create(user=other, presentation=pandas)

    counted = parse("mine=1").apply(
        Presentation.objects.of(conference_2016).with_interest_count(), conference_2016, user
    )

    assert [(p.title, p.interest_total) for p in counted] == [("Pandas", 2)]


def test_filter_mine_is_ignored_for_a_visitor(conference_2016):
    assert len(titles(parse("mine=1"), conference_2016)) == 6


def test_filter_form_offers_what_the_conference_has_as_words(make_conference, make_presentation):
    conference = make_conference(slug="fosdem-2024", timezone="Europe/Brussels")
    start = datetime(2024, 2, 3, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    for kind in ("bof", "lightningtalk", "maintrack"):
        make_presentation(conference, kind=kind, start=start, end=start + timedelta(minutes=30), room="K.1.105")

    form = ScheduleFilterForm(QueryDict(""), choices=schedule_choices(conference))

    assert form.fields["kind"].widget.choices == [
        ("", "Any kind"),
        ("bof", "BoF"),
        ("lightningtalk", "Lightning talk"),
        ("maintrack", "Main track"),
    ]
    # One day, one room, one length, no categories or levels: nothing to choose, so no select for them.
    assert [field.name for field in form.shown_fields] == ["q", "kind", "mine"]


def test_filter_form_keeps_a_select_in_use_even_with_one_choice(make_conference, make_presentation):
    conference = make_conference()
    make_presentation(conference, room="Hall A")

    form = ScheduleFilterForm(QueryDict("room=Hall+A"), choices=schedule_choices(conference))

    assert "room" in [field.name for field in form.shown_fields]
    assert '<option value="Hall A" selected>Hall A</option>' in str(form["room"])


def test_filter_form_renders_labelled_fields(make_conference, make_presentation):
    conference = make_conference()
    make_presentation(conference, room="Hall A", audience="novice")
    make_presentation(conference, room="Hall B", audience="Experienced")

    form = ScheduleFilterForm(QueryDict("mine=1&q=ab"), choices=schedule_choices(conference))

    assert (form["room"].label_tag(), form.fields["audience"].widget.choices) == (
        '<label for="f-room">Room</label>',
        [("", "Any level"), ("Experienced", "Experienced"), ("novice", "Novice")],
    )
    assert str(form["mine"]) == '<input type="checkbox" name="mine" value="1" id="f-mine" checked>'
    assert 'value="ab"' in str(form["q"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=jovanovic", ["Rust in anger"]),
        ("q=JOVANOVIĆ", ["Rust in anger"]),
        ("q=lukasz", ["Coroutines"]),
        ("q=%C5%81UKASZ", ["Coroutines"]),
        ("q=cafe", ["Pandas"]),
        ("q=CAFÉ", ["Pandas"]),
        ("q=straße", ["Type hints"]),
        ("q=STRASSE", ["Type hints"]),
    ],
)
def test_search_ignores_accents_and_case(conference_2016, make_presentation, query, expected):
    make_presentation(conference_2016, title="Rust in anger", speakers=["Nikola Jovanović"])
    pandas = Presentation.objects.get(title="Pandas")
    pandas.description = "Dataframes at the Café"
    pandas.save(update_fields=["description"])
    hints = Presentation.objects.get(title="Type hints")
    hints.title = "Type hints in der Straße"
    hints.save()

    found = [title.replace("Type hints in der Straße", "Type hints") for title in titles(parse(query), conference_2016)]

    assert found == expected


@pytest.mark.parametrize("value", ["", "Room B", "<&\"'>"])
def test_filter_select_renders_as_djangos_own_select(value):
    choices = [("", "Any room"), ("Room A", "Room A"), ("Room B", "Room B"), ("<&\"'>", 'Odd <name> & "quotes"')]
    ours = ScheduleFilterForm({"room": value})["room"]
    ours.field.widget.choices = choices
    django_select = forms.Select(choices=choices, attrs={"id": "f-room"})

    assert str(ours) == django_select.render("room", value)


def test_schedule_choices_follow_the_schedule_version(make_conference, make_presentation):
    conference = make_conference()
    make_presentation(conference=conference, room="Hall A")
    conference.refresh_from_db()
    assert schedule_choices(conference).rooms == ("Hall A",)

    make_presentation(conference=conference, room="Hall B")
    conference.refresh_from_db()

    assert schedule_choices(conference).rooms == ("Hall A", "Hall B")


def test_filter_form_shows_a_value_the_conference_lacks(make_conference, make_presentation):
    conference = make_conference()
    for kind in ("keynote", "lecture"):
        make_presentation(conference=conference, kind=kind)
    form = ScheduleFilterForm({"kind": "talk", "day": "2001-01-01"}, choices=schedule_choices(conference))

    assert ('<option value="talk" selected>' in str(form["kind"]), "2001-01-01" in str(form["day"])) == (True, False)
