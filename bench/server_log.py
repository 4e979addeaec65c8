"""What went wrong in a server's log, counted: for bench/crowd.py, which keeps each server's output in a file.

A record of the site's log (`2026-12-02 08:01:02,345 ERROR django.request Internal Server Error: /x/`,
pyconguide/settings.py's format) counts as its level, its logger and, when a traceback follows, the exception
it ended with and the one that caused it (the message is then left out: it names the path). Any other line
that is not part of a record's traceback (the server's own output) counts as itself.
"""

from __future__ import annotations

import re
from collections import Counter

RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (?P<level>[A-Z]+) (?P<logger>\S+) (?P<message>.*)$")
# The lines of a traceback that are not exceptions.
NOT_EXCEPTIONS = ("Traceback ", "The above exception", "During handling of", "^")


def _exceptions(lines: list[str]) -> list[str]:
    """The exception lines of a traceback (`module.Class: message`), first cause first."""
    return [line for line in lines if line and not line[0].isspace() and not line.startswith(NOT_EXCEPTIONS)]


def _describe(level: str, logger: str, message: str, traceback: list[str]) -> str:
    found = _exceptions(traceback)
    if not found:
        return f"{level} {logger} {message}"
    described = f"{level} {logger}: {found[-1]}"
    return f"{described} (caused by {found[0]})" if len(found) > 1 else described


def summarize(text: str, *, least: str = "WARNING") -> Counter:
    """{description: count} of the records at `least` or above and of every stray line in `text`."""
    levels = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
    wanted = set(levels[levels.index(least) :])
    counts: Counter = Counter()
    current: tuple[str, str, str] | None = None
    traceback: list[str] = []

    def close() -> None:
        if current is not None and current[0] in wanted:
            counts[_describe(*current, traceback)] += 1

    for line in text.splitlines():
        match = RECORD.match(line)
        if match:
            close()
            current, traceback = (match["level"], match["logger"], match["message"]), []
        elif current is not None and (traceback or line.startswith("Traceback ")):
            traceback.append(line)
        elif line.strip():
            counts[line.strip()] += 1
    close()
    return counts
