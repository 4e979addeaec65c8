"""Hostile HTTP parameters, one case a line: each gets an exact, clean answer (never a 500) and writes
nothing. The suite runs this module on SQLite and again on PostgreSQL (CI's second run): the answers must
not differ. To add a case, add a line to CASES.

A case: (name, method, path, form data or None, signed in, Accept, expected status, text the answer holds).
`{slug}` and `{talk}` in paths stand for a real conference and presentation.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model

from interests.models import CalendarFeed, Interest
from presentations.models import Presentation, ScheduleChange

BIG = "9223372036854775808"  # 2**63: one past the largest 64-bit id
JSON = "application/json"
NUL_NOTE = "holds a control character (U+0000)"

# One case a line, as a table: the formatter would fold them.
# fmt: off
CASES = [
    # dates outside what the database and any time zone can hold: ignored with a note, like any bad date
    ("list day 0001-01-01", "GET", "/{slug}/?day=0001-01-01", None, False, "", 200, "Ignored the day “0001-01-01”"),
    ("list day 9999-12-31", "GET", "/{slug}/?day=9999-12-31", None, False, "", 200, "Ignored the day “9999-12-31”"),
    ("list day not a date", "GET", "/{slug}/?day=2016-13-45", None, False, "", 200, "Ignored the day “2016-13-45”"),
    ("list day not ASCII", "GET", "/{slug}/?day=%ff", None, False, "", 200, "Ignored the day"),
    ("grid day 9999-12-31", "GET", "/{slug}/grid/?day=9999-12-31", None, False, "", 200, 'data-view="grid"'),
    ("grid day 0001-01-01", "GET", "/{slug}/grid/?day=0001-01-01", None, False, "", 200, 'data-view="grid"'),
    ("card grid 9999-12-31", "GET", "/talks/{talk}/card.json?view=grid&day=9999-12-31", None, False, JSON, 200,
     '"day": "2016-05-30"'),
    ("card grid 0001-01-01", "GET", "/talks/{talk}/card.json?view=grid&day=0001-01-01", None, False, JSON, 200,
     '"day": "2016-05-30"'),
    ("feed day 9999-12-31", "GET", "/{slug}/schedule.ics?day=9999-12-31", None, False, "", 200, "BEGIN:VCALENDAR"),
    ("huge duration", "GET", "/{slug}/?duration=99999999999999999999", None, False, "", 200, "Ignored the duration"),
    ("long search", "GET", "/{slug}/?q=" + "x" * 5000, None, False, "", 200, 'data-view="list"'),
    # ids past 64 bits: not ours, 404 (SQLite would overflow)
    ("talk id 2**63 - 1", "GET", "/talks/9223372036854775807/", None, False, "", 404, ""),
    ("talk id 2**63", "GET", f"/talks/{BIG}/", None, False, "", 404, ""),
    ("talk id of 25 digits", "GET", "/talks/1234567890123456789012345/", None, False, "", 404, ""),
    ("card id 2**63", "GET", f"/talks/{BIG}/card.json", None, False, JSON, 404, ""),
    ("talk feed id 2**63", "GET", f"/talks/{BIG}.ics", None, False, "", 404, ""),
    ("interest id 2**63", "POST", f"/talks/{BIG}/interest/", {"interested": "1"}, True, JSON, 404, ""),
    # control characters in any parameter, name or value, query or form: 400 before any view
    ("NUL in search", "GET", "/{slug}/?q=%00", None, False, "", 400, "query parameter “q” " + NUL_NOTE),
    ("NUL in a name", "GET", "/{slug}/?%00=1", None, False, "", 400, "query parameter “?” " + NUL_NOTE),
    ("escape in kind", "GET", "/{slug}/?kind=talk%1b", None, False, "", 400, "holds a control character (U+001B)"),
    ("NUL in conference, JSON", "GET", "/me/interests.json?conference=%00", None, True, JSON, 400,
     '"error": "bad_message"'),
    ("NUL in socket's page param", "GET", "/talks/{talk}/card.json?page=/%00", None, False, JSON, 400, NUL_NOTE),
    ("NUL in sign-in next", "GET", "/login/?next=%00", None, False, "", 400, NUL_NOTE),
    ("NUL in username", "POST", "/login/", {"username": "ada\x00", "password": "x"}, False, "", 400,
     "form parameter “username” " + NUL_NOTE),
    ("NUL in interested", "POST", "/talks/{talk}/interest/", {"interested": "1\x00"}, True, JSON, 400, NUL_NOTE),
    ("NUL in reminder", "POST", "/me/", {"reminder": "\x00"}, True, "", 400, NUL_NOTE),
    ("NUL in a path", "GET", "/{slug}%00/", None, False, "", 404, ""),
    ("NUL in a talk path", "GET", "/talks/{talk}%00/", None, False, "", 404, ""),
    ("huge reminder", "POST", "/me/", {"reminder_minutes": "99999999999999999999"}, True, "", 400,
     "Select a valid choice"),
    ("tab and newline pass", "GET", "/{slug}/?q=a%09b%0Ac", None, False, "", 200, 'data-view="list"'),
    # too much at once
    ("too many form fields", "POST", "/talks/{talk}/interest/", {f"f{n}": "1" for n in range(1001)}, True, "", 400,
     ""),
    ("interested neither 1 nor 0", "POST", "/talks/{talk}/interest/", {"interested": "yes"}, True, JSON, 400,
     '"error": "bad_message"'),
]
# fmt: on


def written() -> dict:
    """Rows of everything a request could write, and the values a refused form could have changed."""
    models = (Interest, CalendarFeed, Presentation, ScheduleChange, get_user_model(), AccessAttempt)
    rows = {model.__name__: model.objects.count() for model in models}
    return {
        **rows,
        "interests": sorted(Interest.objects.values_list("user_id", "presentation_id")),
        "feeds": sorted(CalendarFeed.objects.values_list("token", "reminder_minutes")),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "data", "signed_in", "accept", "status", "text"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_hostile_http_input_gets_a_clean_answer_and_writes_nothing(
    client, make_presentation, make_user, method, path, data, signed_in, accept, status, text
):
    talk = make_presentation()
    if signed_in:
        user = make_user()
        CalendarFeed.objects.create(user=user)
        client.force_login(user)
    path = path.format(slug=talk.conference.slug, talk=talk.pk)
    before = written()

    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.get(path, **headers) if method == "GET" else client.post(path, data, **headers)

    assert (response.status_code, text in response.content.decode()) == (status, True)
    assert written() == before
