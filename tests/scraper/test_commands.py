"""`scrape` and `import_schedule` as an organiser runs them: real pages over real HTTP, real files."""

import logging
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from interests.models import Interest
from presentations.models import Conference, Presentation, ScheduleChange

PACIFIC = ZoneInfo("America/Los_Angeles")


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot() -> list[tuple]:
    return list(Presentation.objects.order_by("pk").values_list("source_id", "title", "room", "start", "status"))


@pytest.mark.django_db
def test_scrape_2016_imports_everything_then_changes_nothing(archive_url, make_user):
    out, err = run("scrape", "--year", "2016", "--base-url", archive_url)
    talk = Presentation.objects.get(title="Machete-mode debugging: Hacking your way out of a tight spot")
    Interest.objects.create(user=make_user(), presentation=talk)
    again, _ = run("scrape", "--year", "2016", "--base-url", archive_url)

    assert out.splitlines()[-1] == "created 208, updated 0, unchanged 0, cancelled 0, failed 71"
    assert again.splitlines()[-1] == "created 0, updated 0, unchanged 208, cancelled 0, failed 71"
    assert f"failed: {archive_url}/2016/schedule/presentation/1578/: HTTP 404 File not found" in err.splitlines()
    conference = Conference.objects.get(slug="pycon-2016")
    assert (conference.name, conference.timezone, str(conference.start_date), str(conference.end_date)) == (
        "PyCon US 2016",
        "America/Los_Angeles",
        "2016-05-28",
        "2016-06-01",
    )
    kinds = {}
    for kind in Presentation.objects.values_list("kind", flat=True):
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds == {
        "talk": 94,
        "tutorial": 36,
        "sponsor-tutorial": 11,
        "poster": 30,
        "plenary": 14,
        "break": 12,
        "lunch": 8,
        "breakfast": 3,
    }
    assert (
        talk.source_id,
        talk.speakers,
        talk.start,
        talk.end,
        talk.room,
        talk.audience,
        talk.category,
        talk.url,
        talk.sequence,
    ) == (
        "1658",
        ["Ned Batchelder"],
        datetime(2016, 5, 30, 10, 50, tzinfo=PACIFIC),
        datetime(2016, 5, 30, 11, 20, tzinfo=PACIFIC),
        "Oregon Ballroom 201–202",
        "Intermediate",
        "Best Practices & Patterns",
        f"{archive_url}/2016/schedule/presentation/1658/",
        0,
    )
    assert ScheduleChange.objects.count() == 0
    assert Interest.objects.count() == 1


@pytest.mark.django_db
def test_scrape_dry_run_prints_changes_and_writes_nothing(archive_url):
    out, _ = run("scrape", "--year", "2016", "--base-url", archive_url, "--dry-run")

    lines = out.splitlines()
    assert lines[-1] == "dry run, nothing written: created 208, updated 0, unchanged 0, cancelled 0, failed 71"
    assert "would create 1658 'Machete-mode debugging: Hacking your way out of a tight spot'" in lines
    assert Conference.objects.count() == 0
    assert Presentation.objects.count() == 0


@pytest.mark.django_db
def test_scrape_2024_names_missing_detail_pages(archive_url):
    out, err = run("scrape", "--year", "2024", "--base-url", archive_url)

    # conference.json's 209 entries and the 27 posters of its poster session; the detail pages the archive
    # lacks, and its folder listing in place of /2024/schedule/
    assert out.splitlines()[-1] == "created 236, updated 0, unchanged 0, cancelled 0, failed 157"
    assert f"failed: {archive_url}/2024/schedule/presentation/22/: HTTP 404 File not found" in err.splitlines()
    assert Presentation.objects.filter(conference__slug="pycon-2024", kind="talk").count() == 76


@pytest.mark.django_db
def test_scrape_unreadable_schedule_fails_with_one_line_and_changes_nothing(archive_url):
    run("scrape", "--year", "2016", "--base-url", archive_url)
    before = snapshot()

    with pytest.raises(CommandError) as error:
        run("scrape", "--year", "2016", "--base-url", archive_url + "/2024/schedule/talks")

    assert str(error.value).startswith("cannot read the schedule: ")
    assert "\n" not in str(error.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_scrape_unreachable_site_fails_and_changes_nothing():
    with pytest.raises(CommandError) as error:
        run("scrape", "--year", "2016", "--base-url", "http://127.0.0.1:9")

    assert str(error.value).startswith("cannot read the schedule: could not fetch the schedule: http://127.0.0.1:9/")
    assert Conference.objects.count() == 0


@pytest.mark.django_db
def test_scrape_timezone_option_overrides_the_venue(archive_url):
    run("scrape", "--year", "2016", "--base-url", archive_url, "--timezone", "America/New_York")

    talk = Presentation.objects.get(source_id="1658")
    assert (talk.conference.timezone, talk.start) == (
        "America/New_York",
        datetime(2016, 5, 30, 10, 50, tzinfo=ZoneInfo("America/New_York")),
    )


@pytest.mark.django_db
def test_import_schedule_fosdem_twice(shared_data):
    path = str(shared_data / "frab-xml" / "fosdem-2024-schedule.xml")

    first, _ = run("import_schedule", path)
    second, _ = run("import_schedule", path)

    assert first.splitlines()[-1] == "created 876, updated 0, unchanged 0, cancelled 0, failed 0"
    assert second.splitlines()[-1] == "created 0, updated 0, unchanged 876, cancelled 0, failed 0"
    conference = Conference.objects.get()
    assert (conference.slug, len(conference.rooms), conference.rooms[0]) == ("fosdem-2024", 35, "Janson")
    assert len(set(Presentation.objects.values_list("category", flat=True))) == 65


@pytest.mark.django_db
def test_import_schedule_broken_file_fails_and_changes_nothing(tmp_path, shared_data):
    run("import_schedule", str(shared_data / "schedule-json" / "pretalx-rc3-channels-2020.json"))
    before = snapshot()
    broken = tmp_path / "broken.json"
    broken.write_bytes((shared_data / "schedule-json" / "pretalx-rc3-channels-2020.json").read_bytes()[:5000])

    with pytest.raises(CommandError) as error:
        run("import_schedule", str(broken))

    assert str(error.value).startswith("cannot read the schedule: ")
    assert snapshot() == before


@pytest.mark.django_db
def test_import_schedule_over_http(archive_url):
    out, _ = run("import_schedule", f"{archive_url}/2024/schedule/conference.json")

    assert out.splitlines()[-1] == "created 236, updated 0, unchanged 0, cancelled 0, failed 0"


def test_import_schedule_missing_file_is_a_clear_error(db):
    with pytest.raises(CommandError) as error:
        run("import_schedule", "/nonexistent/schedule.xml")

    assert str(error.value) == "cannot read the schedule: No such file or directory: /nonexistent/schedule.xml"


@pytest.mark.django_db
def test_import_schedule_pretalx_json_twice_keeps_fields(shared_data):
    path = str(shared_data / "schedule-json" / "pretalx-rc3-channels-2020.json")

    first, _ = run("import_schedule", path, "--format", "frab-json")
    second, _ = run("import_schedule", path)

    assert first.splitlines()[-1] == "created 48, updated 0, unchanged 0, cancelled 0, failed 0"
    assert second.splitlines()[-1] == "created 0, updated 0, unchanged 48, cancelled 0, failed 0"
    conference = Conference.objects.get()
    assert (conference.slug, conference.name, conference.timezone) == ("rc3-channels-2020", "rC3 Channels", "Etc/GMT-1")
    assert sorted({p.language for p in Presentation.objects.all()}) == ["de", "en"]
    assert Presentation.objects.filter(recorded=False).count() == 3


@pytest.mark.django_db
def test_import_schedule_symposion_json_twice_keeps_fields(shared_data):
    path = str(shared_data / "pycon-archive" / "2024" / "schedule" / "conference.json")

    first, _ = run("import_schedule", path, "--slug", "pycon-2024")
    second, _ = run("import_schedule", path, "--slug", "pycon-2024")

    assert first.splitlines()[-1] == "created 236, updated 0, unchanged 0, cancelled 0, failed 0"
    assert second.splitlines()[-1] == "created 0, updated 0, unchanged 236, cancelled 0, failed 0"
    talk = Presentation.objects.get(source_id="40")
    eastern = ZoneInfo("America/New_York")
    assert (talk.title, talk.kind, talk.speakers, talk.room, talk.start, talk.end, talk.status, talk.url) == (
        "Build a data visualization app for your phone",
        "talk",
        ["Russell Keith-Magee"],
        "Ballroom BC",
        datetime(2024, 5, 17, 11, 0, tzinfo=eastern),
        datetime(2024, 5, 17, 11, 30, tzinfo=eastern),
        "scheduled",
        "https://us.pycon.org/2024/schedule/presentation/40/",
    )
    # The talk's own text is not copied here: its shape is checked (HTML turned into plain paragraphs).
    assert len(talk.description) > 200
    assert "<p>" not in talk.description


@pytest.mark.django_db
def test_scrape_logs_what_it_fetched_and_changed(pycon_site, changed_archive_dir, caplog):
    run("scrape", "--year", "2016", "--base-url", pycon_site.url)
    pycon_site.show(changed_archive_dir)
    caplog.clear()
    caplog.set_level(logging.INFO, logger="scraper")

    out, _ = run("scrape", "--year", "2016", "--base-url", pycon_site.url)

    info = [record.getMessage() for record in caplog.records if record.levelname == "INFO"]
    warnings = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    url = pycon_site.url
    assert info == [
        f"scraping PyCon 2016 from {url}",
        *(
            f"PyCon 2016: {url}/2016/schedule/{page}: layout {layout}"
            for page, layout in [
                ("", "pycon_tables"),
                ("talks/", "pycon_tables"),
                ("tutorials/", "pycon_tables"),
                ("sponsor-tutorials/", "pycon_tables"),
                ("posters/list/", "pycon_lists"),
            ]
        ),
        f"PyCon 2016: fetched 211 pages under {url}/2016/schedule/, 207 presentations read",
        "pycon-2016: update 1658 'Machete-mode debugging: Hacking your way out of a tight spot'"
        " (start: 2016-05-30 10:50 PDT → 2016-05-30 14:35 PDT; end: 2016-05-30 11:20 PDT → 2016-05-30 15:05 PDT)",
        "pycon-2016: update 2073 'Refactoring Python: Why and how to restructure your code'"
        " (room: 'Oregon Ballroom 201–202' → 'Portland Ballroom 252–253')",
        "pycon-2016: cancel 1694 'Prototyping New APIs with Flask' (status: 'scheduled' → 'cancelled')",
        "pycon-2016: created 0, updated 2, unchanged 205, cancelled 1, failed 71",
    ]
    assert len(warnings) == 71
    assert f"pycon-2016: failed: {url}/2016/schedule/presentation/2258/: HTTP 404 File not found" in warnings
    # What the command prints is unchanged by the log (SPEC: one summary line).
    assert out.splitlines() == ["created 0, updated 2, unchanged 205, cancelled 1, failed 71"]


@pytest.mark.django_db(transaction=True)
def test_scrape_prints_each_failure_once_on_its_terminal(archive_url, run_command):
    # A child process, so the site's own logging set-up (whose console is the same stderr) is the one used.
    scrape = run_command("scrape", "--year", "2016", "--base-url", archive_url, "--dry-run")

    failure = f"{archive_url}/2016/schedule/presentation/1578/: HTTP 404 File not found"
    lines = scrape.stderr.splitlines()
    assert scrape.returncode == 0, scrape.stderr
    assert [line for line in lines if failure in line] == [f"failed: {failure}"]
    assert sum("failed:" in line for line in lines) == 71
    assert [line for line in scrape.stdout.splitlines() if "created" in line] == [
        "dry run, nothing written: created 208, updated 0, unchanged 0, cancelled 0, failed 71"
    ]
    assert Presentation.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_scrape_says_once_why_it_cannot_read_a_schedule(archive_url, run_command):
    scrape = run_command("scrape", "--year", "2031", "--base-url", archive_url)

    reason = "cannot read the schedule: no known venue for PyCon US 2031: give its time zone (--timezone)"
    assert scrape.returncode == 1
    assert [line for line in scrape.stderr.splitlines() if "cannot read" in line] == [f"CommandError: {reason}"]
