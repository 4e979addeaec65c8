"""Hostile sites and files, one case a row where a table fits: each ends in a clear line, and where the run
stops, the database is as it was. Sites are small pages written for these tests, served over real HTTP."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from presentations.models import Presentation
from scraper.fetch import Fetcher, FetchError
from scraper.importer import ImportRefused, import_schedule
from tests.records import talk

GRID = """<html><body><nav><a href="/2099/schedule/talks/">Talks</a> <a href="/2099/schedule/posters/list/">Posters</a>
</nav><h3>May 4, 2099</h3><table class="calendar"><thead><tr><th class="time"></th><th>Hall</th></tr></thead><tbody>
{rows}</tbody></table></body></html>"""
ROW = (
    '<tr><td class="time">{clock}</td><td class="slot slot-talk"{span}><span class="title"><a href="{href}">{title}</a>'
)
ROW += "</span></td></tr>"


def grid(talks: int = 3, *, span: str = "", href: str = "/2099/schedule/presentation/{n}/") -> bytes:
    rows = "".join(
        ROW.format(
            clock=f"{9 + n:02d}:00AM" if n < 3 else f"{n - 2:02d}:00PM",
            span=span if n == 0 else "",
            href=href.format(n=n),
            title=f"Talk {n}",
        )
        for n in range(talks)
    )
    return GRID.format(rows=rows).encode()


def site(pages: dict[str, bytes], seen: list[str] | None = None) -> type[BaseHTTPRequestHandler]:
    """A handler serving `pages` by path (404 for the rest), noting each path asked for in `seen`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if seen is not None:
                seen.append(self.path)
            body = pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def scrape(base_url: str, *extra: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(
        "scrape", "--year", "2099", "--timezone", "UTC", "--base-url", base_url, *extra, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def stored() -> list[tuple]:
    return list(Presentation.objects.order_by("pk").values_list("source_id", "title", "start", "status"))


@pytest.mark.django_db
def test_a_link_to_another_host_is_never_fetched_nor_published(serve) -> None:
    elsewhere: list[str] = []
    with serve(site({"/2099/schedule/presentation/1/": b"db_password=secret"}, elsewhere)) as other:
        page = grid(3).replace(
            b'href="/2099/schedule/presentation/1/"', f'href="{other}/2099/schedule/presentation/1/"'.encode()
        )
        with serve(site({"/2099/schedule/": page})) as base:
            _, err = scrape(base)

    assert elsewhere == []
    assert sorted(Presentation.objects.values_list("source_id", "url")) == [
        ("0", f"{base}/2099/schedule/presentation/0/"),
        ("1", ""),
        ("2", f"{base}/2099/schedule/presentation/2/"),
    ]
    assert f"the link for presentation 1 leaves the site ({other}/2099/schedule/presentation/1/): not followed" in err
    assert not Presentation.objects.filter(description__contains="secret").exists()


def test_a_redirect_to_another_host_is_refused_without_a_request_there(serve) -> None:
    elsewhere: list[str] = []

    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", target + "/internal")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serve(site({}, elsewhere)) as target, serve(Redirect) as base, Fetcher() as fetcher:
        fetcher.allow_only(base + "/2099/schedule/")
        with pytest.raises(FetchError, match=r"not under http://127\.0\.0\.1:\d+: skipped, not fetched"):
            fetcher.get(base + "/2099/schedule/")

    assert elsewhere == []


@pytest.mark.django_db
@pytest.mark.parametrize(("span", "what"), [(' rowspan="3000"', "3000 rows"), (' colspan="3000"', "3000 rooms")])
def test_a_giant_span_makes_the_page_unreadable_and_changes_nothing(serve, span: str, what: str) -> None:
    with serve(site({"/2099/schedule/": grid(3)})) as base:
        scrape(base)
    before = stored()

    with serve(site({"/2099/schedule/": grid(3, span=span)})) as base, pytest.raises(CommandError) as raised:
        scrape(base)

    assert (
        str(raised.value) == "cannot read the schedule: no PyCon schedule grid found under " + base + "/2099/schedule/"
    )
    assert stored() == before


def test_the_whole_run_stops_at_its_deadline(serve) -> None:
    with serve(site({"/a": b"a", "/b": b"b"})) as base, Fetcher(run_deadline=0.0) as fetcher:
        results = fetcher.get_many([base + "/a", base + "/b"])

    assert [str(error).split(": ", 1)[1] for error in results.values()] == [
        "the run's deadline (0 s) passed: not fetched"
    ] * 2


@pytest.mark.django_db
def test_over_long_fields_are_cut_at_a_word_with_a_warning() -> None:
    title = "word " * 150  # 750 characters, the column holds 500
    record = talk(title=title.strip(), language="a-language-name-longer-than-twenty", room="R" * 250)

    result = import_schedule(_schedule(record))

    stored_talk = Presentation.objects.get()
    assert len(stored_talk.title) <= 500 and stored_talk.title.endswith("word…")
    assert len(stored_talk.language) <= 20 and len(stored_talk.room) <= 200
    assert sorted(result.warnings) == [
        "1658: language longer than 20 characters was cut",
        "1658: room longer than 200 characters was cut",
        "1658: title longer than 500 characters was cut",
    ]
    assert import_schedule(_schedule(record)).summary().startswith("created 0, updated 0, unchanged 1,")


@pytest.mark.django_db
@pytest.mark.parametrize(("stored_count", "kept", "refused"), [(5, 1, True), (4, 2, True), (4, 3, False), (2, 1, True)])
def test_a_small_schedule_losing_most_events_is_refused(stored_count: int, kept: int, refused: bool) -> None:
    talks = [talk(str(n)) for n in range(stored_count)]
    import_schedule(_schedule(*talks))
    before = stored()

    if refused:
        with pytest.raises(ImportRefused, match=f"lacks {stored_count - kept} of the {stored_count} presentations"):
            import_schedule(_schedule(*talks[:kept]))
        assert stored() == before
    else:
        assert import_schedule(_schedule(*talks[:kept])).cancelled == stored_count - kept


@pytest.mark.django_db
def test_a_run_that_stops_names_each_page_then_one_reason(serve) -> None:
    pages = {f"/2099/schedule/{name}/": b"<html><body>maintenance</body></html>" for name in ("talks", "tutorials")}
    pages["/2099/schedule/"] = b"<html><body><p>maintenance</p></body></html>"

    with serve(site(pages)) as base, pytest.raises(CommandError) as raised:
        call_command(
            "scrape",
            "--year",
            "2099",
            "--timezone",
            "UTC",
            "--base-url",
            base,
            stdout=StringIO(),
            stderr=(err := StringIO()),
        )

    lines = err.getvalue().splitlines()
    assert lines == [
        f"stopped: {base}/2099/schedule/ holds no schedule grid or list the scraper knows",
        f"stopped: {base}/2099/schedule/talks/ holds no schedule grid or list the scraper knows",
        f"stopped: {base}/2099/schedule/tutorials/ holds no schedule grid or list the scraper knows",
    ]
    assert str(raised.value) == f"cannot read the schedule: no PyCon schedule grid found under {base}/2099/schedule/"
    assert Presentation.objects.count() == 0


@pytest.mark.django_db
def test_a_section_the_navigation_names_that_yields_nothing_is_a_warning(serve) -> None:
    pages = {"/2099/schedule/": grid(3), "/2099/schedule/posters/list/": b"<html><body>Coming soon</body></html>"}

    with serve(site(pages)) as base:
        out, _ = scrape(base)

    assert out.splitlines()[-1] == (
        # failed: the talks page the navigation names (404), the posters page, three detail pages (404)
        "created 3, updated 0, unchanged 0, cancelled 0, failed 5; missing sections: posters"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "the JSON nests deeper than 64 levels; not read"),
        (json.dumps({"schedule": [{"kind": "talk", "start": "x", "x": [[[[[[[[[[]]]]]]]]]]}]}).encode(), None),
        (b"<schedule>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</schedule>", "not well-formed XML"),
    ],
    ids=["deep-json", "shallow-json", "deep-xml"],
)
def test_import_of_a_deeply_nested_file_is_one_line(tmp_path, content: bytes, reason: str | None) -> None:
    path = tmp_path / "schedule.json"
    path.write_bytes(content)

    with pytest.raises(CommandError) as raised:
        call_command("import_schedule", str(path), stdout=StringIO(), stderr=StringIO())

    assert "\n" not in str(raised.value)
    if reason:
        assert reason in str(raised.value)
    assert Presentation.objects.count() == 0


@pytest.mark.django_db
def test_import_of_a_file_past_the_size_cap_is_refused_before_reading(tmp_path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as file:
        file.truncate(51 * 1024 * 1024)  # sparse: nothing written, 51 MB long

    with pytest.raises(CommandError, match="the file is 51 MB, larger than the 50 MB an export may be; not read"):
        call_command("import_schedule", str(path), stdout=StringIO(), stderr=StringIO())


def _schedule(*records):
    from scraper.records import ScheduleRecord

    return ScheduleRecord(
        slug="pycon-2099", name="PyCon US 2099", timezone="UTC", presentations=list(records), source_url="http://x/"
    )
