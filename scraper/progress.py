"""The scrape's progress bar: tqdm, drawn only when the command's stderr is a terminal."""

from __future__ import annotations

from tqdm import tqdm


class ProgressBar:
    """Follows `on_progress(done, total)` calls; `total` may grow as pages name more pages."""

    def __init__(self, *, enabled: bool, label: str = ""):
        # tqdm writes to sys.stderr itself: the command's stderr wrapper would end each redraw with a newline.
        self.bar = tqdm(desc=label, total=0, unit="page", disable=not enabled, leave=True)
        self.total = 0  # pages so far, for the log, terminal or not

    def update(self, done: int, total: int) -> None:
        self.total = total
        if self.bar.total != total:
            self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def close(self) -> None:
        self.bar.close()
