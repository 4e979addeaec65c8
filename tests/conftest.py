"""What more than one folder of the suite uses: the real data (or a skip saying how to get it), small
factories (valid objects, no surprises), Daphne and commands as child processes, the real PyCon pages over
real HTTP. What one folder alone uses lives in that folder's conftest."""

from __future__ import annotations

import functools
import itertools
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.archive import QuietHandler, SwitchableSite, changed_copy, serving
from tests.processes import ROOT, database_url_of, start_server, stop

_counter = itertools.count(1)

# --- the real data: ../shared/data, or a skip that says what is missing and where it comes from -------

SHARED_DATA = Path(os.environ.get("PYCONGUIDE_SHARED_DATA") or ROOT.parent / "shared" / "data")
# One file of each archive the tests read; shared/data/README.md says what each holds.
SHARED_FILES = (
    "pycon-archive/2016/schedule/index.html",
    "frab-xml/fosdem-2024-schedule.xml",
    "schedule-json/pretalx-rc3-channels-2020.json",
)
SOURCES = {
    "pycon-archive/": "PyCon/pycon-archive @ d049d2da028b7c872028d319731582a1c2a0f6de",
    "frab-xml/fosdem-2024-schedule.xml": "tertsdiepraam/fossy @ e754be0441b23357c5d15f3bf78f598a29d03245 (fosdem.xml)",
    "schedule-json/pretalx-rc3-channels-2020.json": "voc/schedule @ 0a403ee5239e0f7883b539a0e05e08f42b737ecb",
}
SKIP_REASON = (
    "needs the real schedule archive in ../shared/data (PyCon/pycon-archive@d049d2da, tertsdiepraam/fossy@e754be04, "
    "voc/schedule@0a403ee5) or $PYCONGUIDE_SHARED_DATA"
)
# Set by .ci/run: in CI a missing archive is an error, never a row of skips.
REQUIRED = os.environ.get("PYCONGUIDE_REQUIRE_SHARED_DATA") == "1"
_skipped_for_data: list[str] = []


def missing_shared_data() -> list[str]:
    return [name for name in SHARED_FILES if not (SHARED_DATA / name).is_file()]


def pytest_configure(config) -> None:
    if REQUIRED and missing_shared_data():
        raise pytest.UsageError(f"the real schedule archive is missing from {SHARED_DATA}: {missing_shared_data()}")


def pytest_collection_modifyitems(items) -> None:
    """Every test that uses the `shared_data` fixture, directly or through another, skips when the archive
    is absent; the summary names them and says where the archive comes from."""
    if not missing_shared_data():
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if "shared_data" in getattr(item, "fixturenames", ()):
            item.add_marker(skip)
            _skipped_for_data.append(item.nodeid)


def pytest_terminal_summary(terminalreporter) -> None:
    if not _skipped_for_data:
        return
    write = terminalreporter.write_line
    terminalreporter.section(f"{len(_skipped_for_data)} tests skipped: no real schedule archive", sep="-")
    write(f"{SHARED_DATA} lacks {', '.join(missing_shared_data())}. Lay out shared/data beside the repository")
    write("(or point PYCONGUIDE_SHARED_DATA at it) with byte-exact copies from:")
    for folder, source in SOURCES.items():
        write(f"  {folder:46} {source}")
    for nodeid in _skipped_for_data:
        write(f"skipped: {nodeid}")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data folder (../shared/data beside the repository, or $PYCONGUIDE_SHARED_DATA)."""
    if missing_shared_data():  # only reached by a test the hook above did not see
        pytest.skip(SKIP_REASON)
    return SHARED_DATA


@pytest.fixture(scope="session")
def pycon_archive(shared_data: Path) -> Path:
    return shared_data / "pycon-archive"


@pytest.fixture(scope="session")
def archive_url(pycon_archive: Path) -> Iterator[str]:
    """Base URL of a static server over the archive, as us.pycon.org once answered."""
    handler = functools.partial(QuietHandler, directory=str(pycon_archive))
    with serving(handler) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def changed_archive_dir(pycon_archive: Path, tmp_path_factory) -> Path:
    """A copy of the 2016 site after a change: talk 1658 moved to 2:35 PM, 2073 changed room, 1694 vanished."""
    return changed_copy(pycon_archive, tmp_path_factory.mktemp("changed-archive"))


@pytest.fixture
def pycon_site(pycon_archive: Path) -> Iterator[SwitchableSite]:
    site = SwitchableSite(pycon_archive)
    with serving(site.handler) as base_url:
        site.url = base_url
        yield site


# --- factories: one per model ------------------------------------------------------------------------


@pytest.fixture
def make_conference(db):
    from presentations.models import Conference

    def make(**fields):
        n = next(_counter)
        fields.setdefault("slug", f"conf-{n}")
        fields.setdefault("name", f"Conference {n}")
        fields.setdefault("timezone", "America/Los_Angeles")
        return Conference.objects.create(**fields)

    return make


@pytest.fixture
def make_presentation(db, make_conference):
    from presentations.models import Presentation

    def make(conference=None, **fields):
        conference = conference or make_conference()
        n = next(_counter)
        tz = ZoneInfo(conference.timezone)
        fields.setdefault("source_id", str(1000 + n))
        fields.setdefault("kind", "talk")
        fields.setdefault("title", f"Talk number {n}")
        fields.setdefault("speakers", [f"Speaker {n}"])
        fields.setdefault("room", "Room A")
        fields.setdefault("start", datetime(2016, 5, 30, 10, 50, tzinfo=tz))
        fields.setdefault("end", fields["start"] + timedelta(minutes=30) if fields["start"] else None)
        return Presentation.objects.create(conference=conference, **fields)

    return make


@pytest.fixture
def make_user(db):
    """`make_user(**fields)`; `password=None` makes one without a password (hashing takes longer than
    most pages under test)."""
    from django.contrib.auth import get_user_model

    def make(password: str | None = "a-long-test-password", **fields):
        n = next(_counter)
        fields.setdefault("username", f"user{n}")
        return get_user_model().objects.create_user(password=password, **fields)

    return make


@pytest.fixture
def session_cookie():
    """The session cookie value of `user` signed in, for sockets and browsers that need a real session."""
    from django.test import Client

    def cookie(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    return cookie


@pytest.fixture
def read_calendar():
    """Parse a feed the way three different clients would, failing on anything any of them rejects:
    icalendar (collecting errors), vobject (validating), allenporter's ical (strict, as Home Assistant)."""
    import vobject
    from ical.calendar_stream import IcsCalendarStream
    from icalendar import Calendar

    def read(content: bytes):
        calendar = Calendar.from_ical(content)
        assert [component.errors for component in calendar.walk() if component.errors] == []
        vobject.readOne(content.decode("utf-8"), validate=True)
        IcsCalendarStream.calendar_from_ics(content.decode("utf-8"))
        return calendar

    return read


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache (built calendar feeds are kept there) and no kept pages."""
    from django.core.cache import cache

    from presentations import page_store

    cache.clear()
    page_store.clear()
    yield
    cache.clear()
    page_store.clear()


# --- child processes: Daphne, manage.py, on this test's database ---------------------------------------


def _child_env(**env: str) -> dict:
    from django.db import connection

    return {
        **os.environ,
        "DATABASE_URL": database_url_of(connection.settings_dict),
        "DJANGO_SETTINGS_MODULE": "pyconguide.settings",
        **env,
    }


@pytest.fixture
def daphne(tmp_path):
    """Start real Daphne processes of the site on free ports, sharing this test's database (and Redis, when
    REDIS_URL is set). Returns `start(**env) -> "127.0.0.1:<port>"`; `start(server="granian", …)` starts the
    Procfile's web process (Granian, 2 workers) instead. Use with django_db(transaction=True), so what the
    test writes is committed where the children can read it."""
    processes: list[subprocess.Popen] = []

    def start(*, server: str = "daphne", **env) -> str:
        log = tmp_path / f"{server}-{len(processes)}.log"
        process, host = start_server(_child_env(**{"DEBUG": "1", **env}), log=log, server=server)
        processes.append(process)
        start.logs[host] = log
        return host

    start.logs = {}  # host → the file its output goes to
    yield start
    stop(processes)


@pytest.fixture
def run_command():
    """Run `manage.py <args>` in a child process on this test's database (commit first: django_db(transaction=True)),
    with `env` added, as an operator's shell would beside the running site. Returns the CompletedProcess."""

    def run(*args: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=_child_env(**env),
            capture_output=True,
            text=True,
            timeout=300,
        )

    return run


def redis_is_reachable(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1) as probe:
            probe.sendall(b"PING\r\n")
            return probe.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_for_children():
    """Environment that puts child processes (Daphne, a command) on one Redis channel layer of their own:
    REDIS_URL as configured, else the local Redis when one answers; skips the test when none does. The
    prefix is unique, so runs at the same time on one Redis never hear each other."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    if not redis_is_reachable(url):
        pytest.skip(f"needs Redis ({url} does not answer): a command reaches Daphne only through Redis")
    return {"REDIS_URL": url, "CHANNELS_PREFIX": f"test-{os.getpid()}-{next(_counter)}"}
