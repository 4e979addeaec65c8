"""Small factories shared by the whole suite: valid objects, no surprises."""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

_counter = itertools.count(1)


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
    from django.contrib.auth import get_user_model

    def make(**fields):
        n = next(_counter)
        fields.setdefault("username", f"user{n}")
        return get_user_model().objects.create_user(password="a-long-test-password", **fields)

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


def database_url_of(settings_dict: dict) -> str:
    """A DATABASE_URL naming the database this test process uses (the test database, during tests)."""
    engine, name = settings_dict["ENGINE"], settings_dict["NAME"]
    if engine.endswith("sqlite3"):
        return f"sqlite:///{name}"
    auth = settings_dict["USER"] + (f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else "")
    return f"postgres://{auth}@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{name}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Daphne exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"Daphne did not listen on {port} within 30 s:\n{log.read_text()}")


@pytest.fixture
def daphne(tmp_path):
    """Start real Daphne processes of the site on free ports, sharing this test's database (and Redis, when
    REDIS_URL is set). Returns `start(**env) -> "127.0.0.1:<port>"`. Use with django_db(transaction=True), so
    what the test writes is committed where the children can read it."""
    from django.db import connection

    processes: list[subprocess.Popen] = []

    def start(**env) -> str:
        port = free_port()
        log = tmp_path / f"daphne-{port}.log"
        child_env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": database_url_of(connection.settings_dict),
            "DJANGO_SETTINGS_MODULE": "pyconguide.settings",
            **env,
        }
        command = [str(Path(sys.executable).with_name("daphne")), "-b", "127.0.0.1", "-p", str(port)]
        with log.open("wb") as output:
            process = subprocess.Popen(
                [*command, "pyconguide.asgi:application"],
                cwd=Path(__file__).resolve().parent.parent,
                env=child_env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        processes.append(process)
        wait_for_port(port, process, log)
        return f"127.0.0.1:{port}"

    yield start
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
