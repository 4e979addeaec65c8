"""Personal feed tokens never reach a log.

The token in `/calendar/<token>.ics` is the only key to a person's calendar, and every calendar app puts it
in every request line. The console handler passes each record through this filter, so the access log,
Django's "Not Found: …" and any traceback's message say `/calendar/[token].ics` instead.
"""

from __future__ import annotations

import logging
import re

TOKEN = re.compile(r"(/calendar/|%2Fcalendar%2F)[^/\s\"'?#%]+(\.ics)", re.IGNORECASE)


def redact(text: str) -> str:
    return TOKEN.sub(r"\1[token]\2", text)


class RedactFeedTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
