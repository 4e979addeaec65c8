"""Lighthouse (12.2.3, pinned in package-lock.json) on the attendee's pages, mobile, against Daphne.

Loads PyCon US 2016 (scraped from the archived pages), FOSDEM 2024 (876 events) and the sample into a
throwaway SQLite database, serves it with Daphne (DEBUG off, as in production, over plain HTTP on
localhost), runs Lighthouse's mobile preset (simulated slow 4G and a 4× slower CPU) on each page with
Debian's Chromium, and writes the scores to docs/benchmarks.md. The sample list runs first as the floor:
a small page on the same machine in the same run.

    .venv/bin/python bench/lighthouse.py [--runs 3] [--only FOSDEM]

`--only TEXT` keeps the pages whose name holds TEXT (any of several), and the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import schedule_page  # noqa: F401  (bench/schedule_page.py: a fresh database and Django, set up on import)
from django.core.management import call_command
from report import write_section
from schedule_page import ROOT, busiest_day, load_fosdem, load_pycon_2016

from presentations.models import Presentation
from presentations.speakers import speaker_slug
from scraper.importer import import_schedule
from scraper.sample import sample_schedule
from tests.processes import start_server

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


def serve() -> tuple[subprocess.Popen, str]:
    """Daphne as production runs it (tests/processes.py), over plain HTTP on a free port."""
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "WARNING",
    }
    # As the release step does: the scripts and styles are then served gzipped (docs/deploy.md, "Compression").
    call_command("collectstatic", interactive=False, verbosity=0)
    process, host = start_server(env)
    return process, f"http://{host}"


def lighthouse(url: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                f"--chrome-path={CHROMIUM}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                "--only-categories=performance,accessibility",
                "--output=json",
                f"--output-path={out}",
                "--quiet",
            ],
            check=True,
            timeout=300,
        )
        report = json.loads(out.read_text())
    audits = report["audits"]
    broken = {
        name: category.get("score") for name, category in report["categories"].items() if category.get("score") is None
    }
    if broken or report.get("runtimeError"):
        errors = {key: a.get("errorMessage") for key, a in audits.items() if a.get("errorMessage")}
        raise RuntimeError(f"{url}: no score for {list(broken)}: {report.get('runtimeError')} {errors}")
    failing = [
        audit["id"]
        for audit in audits.values()
        if audit.get("scoreDisplayMode") == "binary"
        and audit.get("score") == 0
        and audit["id"] in {ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"]}
    ]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
        "dom": audits["dom-size"]["numericValue"],
        "failing": failing,
    }


def pages() -> list[tuple[str, str]]:
    call_command("migrate", verbosity=0)
    sample = import_schedule(sample_schedule()).conference
    pycon = load_pycon_2016()
    fosdem = load_fosdem()
    talk = Presentation.objects.filter(conference=fosdem, kind="maintrack").order_by("start").first()
    speaker = speaker_slug(talk.speakers[0])
    day = busiest_day(fosdem).isoformat()
    return [
        ("sample list (floor)", f"/{sample.slug}/"),
        ("PyCon 2016 list", f"/{pycon.slug}/"),
        ("PyCon 2016 grid", f"/{pycon.slug}/grid/?day=2016-05-30"),
        ("FOSDEM list (one day)", f"/{fosdem.slug}/"),
        ("FOSDEM grid", f"/{fosdem.slug}/grid/?day={day}"),
        ("FOSDEM grid, one room", f"/{fosdem.slug}/grid/?day={day}&room=Janson"),
        ("FOSDEM talk", f"/talks/{talk.pk}/"),
        ("FOSDEM speaker", f"/{fosdem.slug}/speakers/{speaker}/"),
        ("FOSDEM changes", f"/{fosdem.slug}/changes/"),
        ("sign in", "/login/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (the median is reported)")
    parser.add_argument("--only", nargs="+", default=[], metavar="TEXT", help="pages whose name holds TEXT")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: `make node-tools` installs it from package-lock.json")
    urls = [
        (name, path)
        for name, path in pages()
        if not args.only or "(floor)" in name or any(text in name for text in args.only)
    ]
    started_load = os.getloadavg()[0]
    process, base = serve()
    rows = []
    try:
        for name, path in urls:
            runs = [lighthouse(base + path) for _ in range(args.runs)]
            median = {key: statistics.median(run[key] for run in runs) for key in runs[0] if key != "failing"}
            failing = sorted({audit for run in runs for audit in run["failing"]})
            rows.append((name, path, median, [run["performance"] for run in runs], failing))
            print(name, median["performance"], median["accessibility"], failing, flush=True)
    finally:
        process.terminate()
        process.wait(timeout=30)
    load = os.getloadavg()[0]
    lines = [
        "## Lighthouse, mobile (`bench/lighthouse.py`)",
        "",
        f"Lighthouse 12.2.3's mobile preset (simulated slow 4G, 4× CPU slowdown) in Debian's Chromium against"
        f" Daphne on localhost, DEBUG off, SQLite; median of {args.runs} runs per page. Load average when it"
        f" started: {started_load:.1f}, when it finished: {load:.1f}; other work was running on this machine,"
        " which the simulated throttling only"
        " partly hides (compare with the sample list, the floor, measured in the same run).",
        "",
        "| page | path | performance | (each run) | accessibility | FCP s | LCP s | TBT ms | CLS | KiB | DOM nodes |",
        "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, path, m, each, failing in rows:
        lines.append(
            f"| {name} | `{path}` | {m['performance']:.0f} | {', '.join(map(str, each))} | {m['accessibility']:.0f}"
            f"{' (' + ', '.join(failing) + ')' if failing else ''} | {m['fcp']:.1f} | {m['lcp']:.1f} |"
            f" {m['tbt']:.0f} | {m['cls']:.3f} | {m['kib']:.0f} | {m['dom']:.0f} |"
        )
    write_section("lighthouse", "\n".join(lines))


if __name__ == "__main__":
    main()
