"""Writes one benchmark's section of docs/benchmarks.md, leaving the other sections as they are."""

from __future__ import annotations

import datetime
import os
import platform
import re
import subprocess
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Each section is written by the script it names (`make bench` runs them all) and says on which machine and when."
    " Figures from one machine; compare runs on the same machine only.\n"
)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import django

    return (
        f"{os.cpu_count()} cores, {cpu}; Python {platform.python_version()}, Django {django.get_version()}; "
        f"{datetime.date.today().isoformat()}"
    )


def write_section(name: str, body: str) -> None:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    section = f"{start}\n{body.rstrip()}\n\n_Machine: {machine()}._\n{end}"
    text = DOC.read_text() if DOC.exists() else HEADER
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section + "\n"
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text)


def checkout_label(tree: Path) -> str:
    """How a table names a checkout measured with `--against`: its commit, and "(this)" for this one's."""
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=tree, capture_output=True, text=True)
    return f"`{done.stdout.strip() or tree.name}`" + (" (this)" if tree == DOC.parents[1] else "")
