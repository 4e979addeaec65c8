"""bench/crowd.py measures, and the suite starts, the web process the Procfile runs: the same command but
for the address (loopback) and the port."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from tests.processes import granian_command

ROOT = Path(__file__).resolve().parents[2]


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def crowd_bench():
    spec = importlib.util.spec_from_file_location("bench_crowd", ROOT / "bench" / "crowd.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_crowd_bench_and_the_suite_start_the_procfile_web_line_on_loopback():
    web = procfile()["web"].replace("$PORT", "8000").replace("${WEB_WORKERS:-2}", "2").split()
    bench = crowd_bench().command("granian", 8000, 2)
    suite = granian_command(8000, 2)

    on_loopback = ["127.0.0.1" if word == "0.0.0.0" else word for word in web]
    assert [Path(bench[0]).name, *bench[1:]] == [Path(suite[0]).name, *suite[1:]] == on_loopback
