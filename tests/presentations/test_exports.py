"""schedule.xml and schedule.frab.json: valid against C3VOC's schemas as they stand (../shared/validators),
for the sample, PyCon 2016 (scraped from the archive) and FOSDEM 2024 (imported); stable guids; ETag/304;
and import_schedule reads them back to the same schedule."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.http import http_date, parse_http_date

from presentations.models import Conference, Presentation, SpeakerBio
from tests.conftest import SHARED_DATA

# Beside the data, as ../shared lays them out: C3VOC's schemas, byte-exact, used as they stand.
VALIDATORS = Path(os.environ.get("PYCONGUIDE_VALIDATORS") or SHARED_DATA.parent / "validators") / "c3voc"

needs_validators = pytest.mark.skipif(
    not (VALIDATORS / "schedule.xml.xsd").is_file(),
    reason=f"needs C3VOC's schedule.xml.xsd and schema.json (voc/schedule@0a403ee5, validator/) in {VALIDATORS}",
)


@pytest.fixture
def fosdem_xml(shared_data: Path) -> Path:
    return shared_data / "frab-xml" / "fosdem-2024-schedule.xml"


def assert_valid_xml(content: bytes) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(VALIDATORS / "schedule.xml.xsd")))
    document = etree.fromstring(content)
    assert schema.validate(document), [str(error) for error in schema.error_log][:10]


def assert_valid_json(content: bytes) -> None:
    import jsonschema

    schema = json.loads((VALIDATORS / "schema.json").read_text())
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
    errors = [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(json.loads(content))]
    assert errors == []


def import_file(path: Path, *, slug: str) -> str:
    out = StringIO()
    call_command("import_schedule", str(path), "--slug", slug, stdout=out, stderr=StringIO())
    return out.getvalue().splitlines()[-1]


def scrape_2016(base_url: str) -> None:
    call_command("scrape", "--year", "2016", "--base-url", base_url, stdout=StringIO(), stderr=StringIO())


def schedule_of(slug: str) -> set[tuple]:
    """What the round trip must keep: title, times, room, speakers, kind, track, texts, link and flags."""
    rows = (
        Presentation.objects.filter(conference__slug=slug, status="scheduled")
        .timed()
        .exclude(kind__in=Presentation.NON_INTEREST_KINDS)
        .values_list("title", "start", "end", "room", "speakers", "kind", "category", "url", "language", "recorded")
    )
    return {(*row[:4], tuple(row[4]), *row[5:]) for row in rows}


def without_url(rows: set[tuple]) -> set[tuple]:
    return {(*row[:7], *row[8:]) for row in rows}


def texts_of(slug: str) -> set[tuple]:
    rows = Presentation.objects.filter(conference__slug=slug, status="scheduled").timed()
    return set(rows.exclude(kind__in=Presentation.NON_INTEREST_KINDS).values_list("title", "description", "abstract"))


@needs_validators
@pytest.mark.django_db
def test_exports_of_the_sample_conference_are_valid(client):
    call_command("load_sample", stdout=StringIO())
    slug = Conference.objects.get().slug

    xml = client.get(f"/{slug}/schedule.xml")
    frab_json = client.get(f"/{slug}/schedule.frab.json")

    assert (xml.status_code, xml["Content-Type"]) == (200, "application/xml; charset=utf-8")
    assert (frab_json.status_code, frab_json["Content-Type"]) == (200, "application/json")
    assert_valid_xml(xml.content)
    assert_valid_json(frab_json.content)
    exported = len(_guids_by_id(frab_json.content))
    assert exported == Presentation.objects.timed().exclude(kind__in=Presentation.NON_INTEREST_KINDS).count() > 80


@needs_validators
@pytest.mark.django_db
def test_exports_of_pycon_2016_are_valid_and_guids_survive_a_rescrape(client, pycon_site, changed_archive_dir):
    scrape_2016(pycon_site.url)
    first = client.get("/pycon-2016/schedule.frab.json").content
    xml = client.get("/pycon-2016/schedule.xml").content

    pycon_site.show(changed_archive_dir)  # 1658 moves, 2073 changes room, 1694 vanishes
    scrape_2016(pycon_site.url)
    second = client.get("/pycon-2016/schedule.frab.json").content

    assert_valid_xml(xml)
    assert_valid_json(first)
    assert_valid_json(second)
    by_id_first = _guids_by_id(first)
    by_id_second = _guids_by_id(second)
    assert len(by_id_first) > 100
    assert set(by_id_second) == set(by_id_first) - {Presentation.objects.get(source_id="1694").pk}
    assert {key: by_id_first[key] for key in by_id_second} == by_id_second


def _guids_by_id(content: bytes) -> dict[int, str]:
    document = json.loads(content)
    return {
        event["id"]: event["guid"]
        for day in document["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    }


@needs_validators
@pytest.mark.django_db
def test_exports_of_fosdem_2024_are_valid_and_the_feed_is_small(client, fosdem_xml, read_calendar):
    import_file(fosdem_xml, slug="fosdem-2024")

    xml = client.get("/fosdem-2024/schedule.xml").content
    frab_json = client.get("/fosdem-2024/schedule.frab.json").content
    feed = client.get("/fosdem-2024/schedule.ics").content

    assert_valid_xml(xml)
    assert_valid_json(frab_json)
    assert len(_guids_by_id(frab_json)) == Presentation.objects.timed().count() == 876
    # Google Calendar is reported to take subscriptions up to 1 MB; the full texts made it 1.22 MB.
    assert len(feed) < 700_000, len(feed)
    assert len(read_calendar(feed).walk("VEVENT")) == 876  # every parser takes the real texts too


@pytest.mark.django_db
def test_import_schedule_reads_our_own_exports_back_to_the_same_schedule(client, tmp_path, fosdem_xml):
    import_file(fosdem_xml, slug="fosdem-2024")
    (tmp_path / "schedule.xml").write_bytes(client.get("/fosdem-2024/schedule.xml").content)
    (tmp_path / "schedule.frab.json").write_bytes(client.get("/fosdem-2024/schedule.frab.json").content)

    from_xml = import_file(tmp_path / "schedule.xml", slug="again-xml")
    from_json = import_file(tmp_path / "schedule.frab.json", slug="again-json")

    original = schedule_of("fosdem-2024")
    assert len(original) > 800
    assert schedule_of("again-xml") == original
    assert schedule_of("again-json") == original
    assert texts_of("again-xml") == texts_of("again-json") == texts_of("fosdem-2024")
    conferences = {c.slug: (c.name, c.timezone, c.start_date, c.end_date, c.rooms) for c in Conference.objects.all()}
    assert conferences["again-xml"] == conferences["again-json"] == conferences["fosdem-2024"]
    assert (from_xml.split(",")[0], from_json.split(",")[0]) == (f"created {len(original)}", f"created {len(original)}")


@pytest.mark.django_db
def test_exports_answer_304_and_allow_any_origin(client, make_presentation):
    talk = make_presentation()
    slug = talk.conference.slug

    for path in (f"/{slug}/schedule.xml", f"/{slug}/schedule.frab.json"):
        first = client.get(path)
        again = client.get(path, headers={"if-none-match": first["ETag"]})
        assert (first.status_code, first["Access-Control-Allow-Origin"]) == (200, "*")
        assert (again.status_code, again.content) == (304, b"")


@pytest.mark.django_db
def test_exports_move_their_etag_when_a_talk_is_cancelled(client, make_presentation):
    talk = make_presentation()
    other = make_presentation(talk.conference)
    first = client.get(f"/{talk.conference.slug}/schedule.frab.json")

    Presentation.objects.filter(pk=other.pk).update(status="cancelled")
    Presentation.objects.get(pk=other.pk).save()  # as the importer does: `updated` moves
    second = client.get(f"/{talk.conference.slug}/schedule.frab.json", headers={"if-none-match": first["ETag"]})

    assert second.status_code == 200
    assert [event["id"] for event in guids_events(second.content)] == [talk.pk]


def guids_events(content: bytes) -> list[dict]:
    document = json.loads(content)
    return [
        event
        for day in document["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    ]


@pytest.mark.django_db
def test_exports_of_an_unknown_conference_are_404(client):
    assert client.get("/no-such/schedule.xml").status_code == 404
    assert client.get("/no-such/schedule.frab.json").status_code == 404


@pytest.mark.django_db
def test_import_schedule_reads_the_sample_back_from_both_exports(client, tmp_path):
    call_command("load_sample", stdout=StringIO())
    slug = Conference.objects.get().slug
    (tmp_path / "schedule.xml").write_bytes(client.get(f"/{slug}/schedule.xml").content)
    (tmp_path / "schedule.frab.json").write_bytes(client.get(f"/{slug}/schedule.frab.json").content)

    import_file(tmp_path / "schedule.xml", slug="again-xml")
    import_file(tmp_path / "schedule.frab.json", slug="again-json")

    original = schedule_of(slug)
    assert len(original) > 80
    assert schedule_of("again-xml") == schedule_of("again-json")
    # The sample's talks have no page of their own on a conference site: the export's page is ours.
    pages = {
        f"http://testserver/talks/{pk}/"
        for pk in Presentation.objects.filter(conference__slug=slug).values_list("pk", flat=True)
    }
    assert {row[7] for row in schedule_of("again-xml")} <= pages
    assert without_url(schedule_of("again-xml")) == without_url(original)
    assert texts_of("again-xml") == texts_of("again-json") == texts_of(slug)
    # Speakers' bios travel in the JSON (pretalx's person shape), for the speakers of what is exported
    # (posters without a time are not); frab's XML has no place for them.
    exported = {
        name
        for names in Presentation.objects.filter(conference__slug="again-json").values_list("speakers", flat=True)
        for name in names
    }
    assert bios_of("again-json") == {name: bio for name, bio in bios_of(slug).items() if name in exported}
    assert (len(bios_of("again-json")) > 50, bios_of("again-xml")) == (True, {})


def bios_of(slug: str) -> dict[str, str]:
    return dict(SpeakerBio.objects.filter(conference__slug=slug).values_list("name", "bio"))


@pytest.mark.django_db
def test_exports_move_their_etag_when_a_bio_changes(client, make_presentation):
    talk = make_presentation(speakers=["Ada"])
    bio = SpeakerBio.objects.create(conference=talk.conference, name="Ada", bio="Wrote the first program.")
    path = f"/{talk.conference.slug}/schedule.frab.json"
    first = client.get(path)

    bio.bio = "Wrote the first program, in 1843."
    bio.save()
    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    persons = json.loads(changed.content)["schedule"]["conference"]["days"][0]["rooms"][talk.room][0]["persons"]
    assert (changed.status_code, persons) == (200, [{"name": "Ada", "biography": "Wrote the first program, in 1843."}])


@pytest.mark.django_db
def test_exports_answer_from_the_conference_row_alone(client, make_presentation, django_assert_num_queries):
    talk = make_presentation()
    path = f"/{talk.conference.slug}/schedule.xml"
    first = client.get(path)

    with django_assert_num_queries(1):  # the conference: its schedule version stands for the rest
        cached = client.get(path)
    with django_assert_num_queries(1):
        again = client.get(path, headers={"if-none-match": first["ETag"]})

    assert (cached.status_code, cached.content, again.status_code) == (200, first.content, 304)


@pytest.mark.django_db
def test_exports_move_their_validators_when_a_bio_goes(client, make_presentation):
    talk = make_presentation(speakers=["Ada"])
    bio = SpeakerBio.objects.create(conference=talk.conference, name="Ada", bio="Wrote the first program.")
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    Conference.objects.filter(pk=talk.conference.pk).update(updated=long_ago, schedule_changed=long_ago)
    path = f"/{talk.conference.slug}/schedule.frab.json"
    first = client.get(path)

    bio.delete()
    changed = client.get(path, headers={"if-modified-since": first["Last-Modified"]})

    assert first["Last-Modified"] == http_date(long_ago.timestamp())
    assert (changed.status_code, changed["ETag"] != first["ETag"]) == (200, True)
    assert parse_http_date(changed["Last-Modified"]) > long_ago.timestamp()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("document", "queries"), [("schedule.xml", 3), ("schedule.frab.json", 3), ("schedule.json", 2)]
)
def test_exports_read_only_the_columns_they_write_in_one_query_for_all_rows(
    client, make_presentation, django_assert_num_queries, document, queries
):
    """Built from the columns they show (`DOCUMENT_FIELDS`, `JSON_FIELDS`): a column left unread but read while
    writing would cost a query per row, which these counts would catch (the conference, its bios, the rows)."""
    from django.core.cache import cache

    first = make_presentation(speakers=["Ada"], language="en", recorded=True, abstract="Long.", category="Web")
    for minutes in (30, 60):
        make_presentation(conference=first.conference, start=first.start + timedelta(minutes=minutes))
    cache.clear()

    with django_assert_num_queries(queries):
        response = client.get(f"/{first.conference.slug}/{document}")

    assert response.status_code == 200
