"""Known failures of the channel layer take one line in the log; everything else keeps its traceback."""

import logging
import sys

from interests.log_format import SiteFormatter


def formatted(logger_name: str) -> str:
    try:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379.")
    except ConnectionError:
        record = logging.getLogger(logger_name).makeRecord(
            logger_name,
            logging.ERROR,
            __file__,
            1,
            "Could not send %s to group %s",
            ("count", "conference.1"),
            sys.exc_info(),
        )
    return SiteFormatter("%(levelname)s %(name)s %(message)s").format(record)


def test_site_formatter_puts_a_layer_failure_on_one_line():
    assert formatted("interests.broadcast") == (
        "ERROR interests.broadcast Could not send count to group conference.1: "
        "ConnectionError: Error 111 connecting to 127.0.0.1:6379."
    )


def test_site_formatter_keeps_the_traceback_of_anything_else():
    lines = formatted("django.request").splitlines()

    assert (lines[0], lines[1], lines[-1]) == (
        "ERROR django.request Could not send count to group conference.1",
        "Traceback (most recent call last):",
        "ConnectionError: Error 111 connecting to 127.0.0.1:6379.",
    )
