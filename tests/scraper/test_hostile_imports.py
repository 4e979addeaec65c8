"""Hostile import files, one case a line: `import_schedule` ends each with one clear line, and a file it
refuses changes nothing. The suite runs this module on SQLite and again on PostgreSQL (CI's second run):
the answers must not differ. To add a case, add a line to REFUSED or to READ.

Size and nesting caps are in test_pycon_hostile.py (a 51 MB file, 100,000 levels), beside the sites.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from presentations.models import Conference, Presentation

XML_HEAD = '<?xml version="1.0"?>\n'
LAUGHS = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
XXE = '<!DOCTYPE schedule [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def frab_json(**event) -> str:
    """A one-event frab JSON schedule (C3VOC's shape); `event` overrides the event's fields."""
    values = {"id": 1, "title": "A talk", "date": "2024-02-03T10:00:00+01:00", "start": "10:00"}
    values.update({"duration": "00:30", "room": "A", "type": "talk", "persons": [{"public_name": "Ada"}]})
    values.update(event)
    day = {"index": 1, "date": "2024-02-03", "day_start": "2024-02-03T09:00:00+01:00", "rooms": {"A": [values]}}
    conference = {"acronym": "hostile", "title": "Hostile", "time_zone_name": "Europe/Brussels", "days": [day]}
    return json.dumps({"schedule": {"version": "1", "conference": conference}})


def frab_xml(doctype: str, title: str) -> str:
    event = f'<event id="1"><date>2024-02-03T10:00:00+01:00</date><duration>00:30</duration><title>{title}</title>'
    event += "<type>talk</type></event>"
    day = f'<day index="1" date="2024-02-03"><room name="A">{event}</room></day>'
    return f"{XML_HEAD}{doctype}<schedule><conference><acronym>hostile</acronym></conference>{day}</schedule>"


UNREADABLE = "cannot read the schedule"
CREATED_ONE = "created 1, updated 0, unchanged 0, cancelled 0, failed 0"
HTML_PAGE = "<!doctype html><html><body>Schedule</body></html>"
DAYS_NOT_A_LIST = '{"schedule": {"conference": {"acronym": "x", "days": 5}}}'
BILLION_LAUGHS = f"{XML_HEAD}<!DOCTYPE s [{LAUGHS}]><schedule><conference><title>&l9;</title></conference></schedule>"
CONTROLS = frab_json(title="Bad\x00 ti\x07tle", abstract="x\x00y")
BAD_TIME = frab_json(date="9999-99-99T99:99", start="99:99", duration="-1:00")
ODD_PERSONS = frab_json(persons=[{"public_name": {"x": 1}, "biography": ["a"]}, None, 5])

# One case a line, as a table: the formatter would fold them.
# fmt: off
REFUSED = [
    # (name, file content, what the one line says)
    ("empty file", "", f"{UNREADABLE}: the file is empty"),
    ("only white space", " \n\t ", f"{UNREADABLE}: the file is empty"),
    ("binary garbage", "\x89PNG\r\n\x1a\n\x00\x00", f"{UNREADABLE}: unknown format"),
    ("a bare JSON number", "42", f"{UNREADABLE}: unknown JSON: a single value (42), not a schedule"),
    ("an HTML page", HTML_PAGE, "this is an HTML page, not a schedule export"),
    ("cut-short JSON", '{"schedule": {"conference": ', UNREADABLE),
    ("frab JSON whose days are not a list", DAYS_NOT_A_LIST, "schedule.conference has no list of days"),
    ("JSON of something else", '{"name": "not a schedule"}', UNREADABLE),
    ("billion laughs", BILLION_LAUGHS, UNREADABLE),
    ("external entity as the only title", frab_xml(XXE, "&xxe;"), "no readable events in the schedule"),
    ("events without id or title", frab_json(id="", title=""), "no readable events in the schedule"),
]

READ = [
    # (name, file content, the stored title, a line the command prints)
    ("NUL and other controls", CONTROLS, "Bad title", "warning: 1: control characters removed from title, description"),
    ("external entity beside a title", frab_xml(XXE, "Real &amp; safe &xxe;"), "Real & safe", CREATED_ONE),
    ("an id past 64 bits", frab_json(id=10**30), "A talk", CREATED_ONE),
    ("an unreadable time", BAD_TIME, "A talk", "failed: event 1 'A talk': no readable start time"),
    ("persons of the wrong shapes", ODD_PERSONS, "A talk", CREATED_ONE),
]
# fmt: on


def run_import(tmp_path, content: str) -> tuple[str, str]:
    path = tmp_path / "schedule.file"
    path.write_bytes(content.encode("utf-8", "surrogatepass"))
    out, err = StringIO(), StringIO()
    call_command("import_schedule", str(path), "--slug", "hostile", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "says"), REFUSED, ids=[case[0] for case in REFUSED])
def test_a_hostile_file_is_refused_in_one_line_and_changes_nothing(tmp_path, name, content, says):
    with pytest.raises(CommandError) as refused:
        run_import(tmp_path, content)

    assert "\n" not in str(refused.value)
    assert says in str(refused.value)
    assert (Conference.objects.count(), Presentation.objects.count()) == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "title", "says"), READ, ids=[case[0] for case in READ])
def test_a_hostile_file_that_still_holds_a_schedule_is_read_cleanly(tmp_path, name, content, title, says):
    out, err = run_import(tmp_path, content)

    assert says in (out + err).splitlines()
    assert list(Presentation.objects.values_list("title", flat=True)) == [title]
