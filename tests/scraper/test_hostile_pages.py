"""Broken and hostile pages: a clear error and no change, never a half-imported schedule."""

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from presentations.models import Presentation


def scrape(base_url: str, *extra: str) -> str:
    out = StringIO()
    call_command("scrape", "--year", "2016", "--base-url", base_url, *extra, stdout=out, stderr=StringIO())
    return out.getvalue().splitlines()[-1]


def snapshot() -> list[tuple]:
    return list(Presentation.objects.order_by("pk").values_list("source_id", "title", "room", "start", "status"))


def copy_site(pycon_archive, tmp_path):
    shutil.copytree(pycon_archive / "2016" / "schedule", tmp_path / "2016" / "schedule")
    return tmp_path / "2016" / "schedule"


@pytest.mark.django_db
def test_scrape_of_truncated_grids_is_refused_and_changes_nothing(pycon_site, pycon_archive, tmp_path):
    scrape(pycon_site.url)
    before = snapshot()
    schedule = copy_site(pycon_archive, tmp_path)
    for grid in (schedule / "index.html", schedule / "talks" / "index.html"):
        content = grid.read_bytes()
        grid.write_bytes(content[: len(content) // 3])  # the connection dropped a third of the way in

    pycon_site.show(tmp_path)
    with pytest.raises(CommandError) as error:
        scrape(pycon_site.url)

    assert str(error.value).startswith("refused: the source lacks ")
    assert snapshot() == before


@pytest.mark.django_db
def test_scrape_with_force_accepts_a_mass_cancellation(pycon_site, pycon_archive, tmp_path):
    scrape(pycon_site.url)
    schedule = copy_site(pycon_archive, tmp_path)
    (schedule / "talks" / "index.html").unlink()
    content = (schedule / "index.html").read_bytes()
    (schedule / "index.html").write_bytes(content[: len(content) // 3])

    pycon_site.show(tmp_path)
    summary = scrape(pycon_site.url, "--force")

    cancelled = Presentation.objects.filter(status="cancelled").count()
    assert summary.startswith("created 0, updated 0, unchanged ")
    assert f"cancelled {cancelled}, failed " in summary
    assert cancelled > 50


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"<html><body><h1>Service Unavailable</h1></body></html>",
        b"\x00\xff\xfe binary junk \x89PNG",
        b"<html>" + b"<div>" * 50_000 + b"deeply nested",
        b'<html><body><table class="calendar"><tr><td>no days, no rooms</td></tr></table></body></html>',
    ],
    ids=["empty", "other-page", "binary", "deeply-nested", "calendar-without-days"],
)
def test_scrape_of_unreadable_pages_fails_with_one_line_and_changes_nothing(
    pycon_site, pycon_archive, tmp_path, content
):
    scrape(pycon_site.url)
    before = snapshot()
    schedule = tmp_path / "2016" / "schedule"
    for page in ("", "talks/", "tutorials/", "sponsor-tutorials/", "posters/list/"):
        (schedule / page).mkdir(parents=True, exist_ok=True)
        (schedule / page / "index.html").write_bytes(content)

    pycon_site.show(tmp_path)
    with pytest.raises(CommandError) as error:
        scrape(pycon_site.url)

    message = str(error.value)
    assert message.startswith(("cannot read the schedule: ", "refused: ")), message
    assert "\n" not in message
    assert snapshot() == before


@pytest.mark.django_db
def test_scrape_of_a_schedule_without_presentations_is_unreadable(pycon_site, tmp_path):
    schedule = tmp_path / "2016" / "schedule"
    schedule.mkdir(parents=True)
    (schedule / "index.html").write_bytes(
        b'<html><body><h3>May 30, 2016</h3><table class="calendar"><thead><tr><th class="time"></th>'
        b"<th>Room 1</th></tr></thead><tbody></tbody></table></body></html>"
    )

    pycon_site.show(tmp_path)
    with pytest.raises(CommandError) as error:
        scrape(pycon_site.url)

    assert str(error.value) == (
        f"cannot read the schedule: no presentations found on the schedule pages at {pycon_site.url}/2016/schedule/"
    )
    assert Presentation.objects.count() == 0


MACHETE = "Machete-mode debugging: Hacking your way out of a tight spot"


@pytest.mark.django_db
def test_scrape_of_a_page_past_the_size_cap_is_refused_and_changes_nothing(pycon_site, pycon_archive, tmp_path):
    from scraper.fetch import MAX_PAGE_BYTES

    scrape(pycon_site.url)
    before = snapshot()
    schedule = tmp_path / "2016" / "schedule"
    for page in ("", "talks/", "tutorials/", "sponsor-tutorials/", "posters/list/"):
        (schedule / page).mkdir(parents=True, exist_ok=True)
        (schedule / page / "index.html").write_bytes(b"<html><body>" + b"<p>x</p>" * (MAX_PAGE_BYTES // 8 + 1))

    pycon_site.show(tmp_path)
    with pytest.raises(CommandError) as error:
        scrape(pycon_site.url)

    assert str(error.value) == (
        f"cannot read the schedule: could not fetch the schedule: {pycon_site.url}/2016/schedule/: "
        "larger than 10 MB; not read"
    )
    assert snapshot() == before


@pytest.mark.django_db
def test_scrape_of_a_large_but_real_page_reads_it(pycon_site, pycon_archive, tmp_path):
    schedule = copy_site(pycon_archive, tmp_path)
    grid = schedule / "index.html"
    # A few MB of markup nobody shows (a bloated theme, inline data): big, but a schedule.
    grid.write_bytes(
        grid.read_bytes().replace(b"</body>", b"<div hidden>" + b"<span>pad</span>" * 250_000 + b"</div></body>")
    )

    pycon_site.show(tmp_path)
    summary = scrape(pycon_site.url)

    assert grid.stat().st_size > 4_000_000
    assert summary == "created 208, updated 0, unchanged 0, cancelled 0, failed 71"


@pytest.mark.django_db
def test_scrape_of_script_in_a_title_and_javascript_link_comes_out_inert(pycon_site, pycon_archive, tmp_path, client):
    schedule = copy_site(pycon_archive, tmp_path)
    hostile_title = "&lt;script&gt;alert(1)&lt;/script&gt;" + MACHETE  # as the page's source spells it
    for page in schedule.rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        if MACHETE in text:
            text = text.replace(MACHETE, hostile_title).replace(
                'href="/2016/schedule/presentation/1658/"',
                'href="javascript:alert(1)//2016/schedule/presentation/1658/"',
            )
            page.write_text(text, encoding="utf-8")

    pycon_site.show(tmp_path)
    scrape(pycon_site.url)
    talk = Presentation.objects.get(source_id="1658")
    html_pages = [
        client.get(path).content.decode()
        for path in (f"/talks/{talk.pk}/", "/pycon-2016/?day=2016-05-30", "/pycon-2016/grid/?day=2016-05-30")
    ]
    data_pages = [client.get(path).content.decode() for path in (f"/talks/{talk.pk}.ics", "/pycon-2016/schedule.json")]

    assert (talk.title, talk.url) == ("<script>alert(1)</script>" + MACHETE, "")
    assert [("&lt;script&gt;alert(1)" in page, "<script>alert" in page) for page in html_pages] == [(True, False)] * 3
    assert ["javascript:" in page for page in html_pages + data_pages] == [False] * 5
