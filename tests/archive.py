"""The real PyCon pages over real HTTP: a static server over a folder, a site whose folder can be swapped
between scrapes, and the 2016 site after a change (talk 1658 moved, 2073 changed room, 1694 vanished)."""

from __future__ import annotations

import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MOVED, REROOMED, VANISHED = "1658", "2073", "1694"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest's output for failures


class serving:
    """Run `handler` on a free local port in a thread for the length of a `with` block."""

    def __init__(self, handler: object) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # type: ignore[arg-type]
        # A short poll interval lets `shutdown()` return quickly.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


class SwitchableSite:
    """One URL whose pages can be swapped between folders, like a live site that changes between scrapes."""

    def __init__(self, root: Path):
        self.root = root
        self.url = ""

    def show(self, root: Path) -> None:
        self.root = root

    def handler(self, *args, **kwargs):
        return QuietHandler(*args, directory=str(self.root), **kwargs)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _empty_cell(page: Path, source_id: str) -> None:
    """Empty the grid cell of one presentation, as the site shows a slot whose talk was withdrawn."""
    from lxml import html

    document = html.fromstring(page.read_bytes())
    for link in document.xpath(f'//td[contains(@class, "slot")]//a[contains(@href, "/presentation/{source_id}/")]'):
        cell = link.xpath("ancestor::td[1]")[0]
        for child in list(cell):
            cell.remove(child)
        cell.text = ""
        cell.set("class", "slot slot-")
    page.write_bytes(html.tostring(document, doctype="<!DOCTYPE html>", encoding="utf-8"))


def changed_copy(pycon_archive: Path, root: Path) -> Path:
    """Copy the 2016 site into `root` and change it: MOVED to 2:35 PM, REROOMED to another room, VANISHED
    gone from the grids. Returns `root`."""
    schedule = root / "2016" / "schedule"
    shutil.copytree(pycon_archive / "2016" / "schedule", schedule)
    session = schedule / "session" / "111" / "index.html"
    _edit(
        session,
        "2016-05-30 - 10:50:00 to 11:20:00 - talk in Oregon Ballroom 201–202",
        "2016-05-30 - 14:35:00 to 15:05:00 - talk in Oregon Ballroom 201–202",
    )
    _edit(
        session,
        "2016-05-30 - 11:30:00 to 12:00:00 - talk in Oregon Ballroom 201–202",
        "2016-05-30 - 11:30:00 to 12:00:00 - talk in Portland Ballroom 252–253",
    )
    for grid in (schedule / "index.html", schedule / "talks" / "index.html"):
        _empty_cell(grid, VANISHED)
    return root
