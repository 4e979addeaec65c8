"""One line per log record for failures the site expects and already explains.

While Redis is down, channels-redis logs a traceback every second per process and every interest change
fails to announce itself twice; each is one known condition, not a bug, and forty lines of traceback per
second bury the access log. Everything else keeps its traceback.
"""

from __future__ import annotations

import logging

BRIEF_LOGGERS = ("channels_redis", "interests.broadcast")


class SiteFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        if not (record.exc_info and record.exc_info[1] and record.name.startswith(BRIEF_LOGGERS)):
            return super().format(record)
        error = record.exc_info[1]
        # A copy: other handlers (and tests' log capture) see the record as it was logged.
        brief = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None})
        brief.msg, brief.args = f"{record.getMessage()}: {type(error).__name__}: {error}", None
        return super().format(brief)
