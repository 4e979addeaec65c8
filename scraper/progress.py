"""A one-line progress bar for commands, drawn only on a terminal."""

from __future__ import annotations


class ProgressBar:
    def __init__(self, stream, *, label: str = "", width: int = 30):
        self.stream = stream
        self.label = label
        self.width = width
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self.drawn = False
        self.total = 0  # pages so far, for the log, terminal or not

    def update(self, done: int, total: int) -> None:
        self.total = total
        if not self.enabled or total <= 0:
            return
        filled = int(self.width * done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
