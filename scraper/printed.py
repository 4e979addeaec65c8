"""Log lines that a command has already printed, kept off the console it printed them to.

`scrape` and `import_schedule` print each failure, warning and summary for the person running them, and
log the same line for the record. The console handler writes to that same terminal, so it leaves out lines
logged with `extra=PRINTED` (`NotPrinted`, in settings.LOGGING): each shows once there, and any other
handler (a file an operator adds) still gets them all. No Django imports: logging is set up before apps.
"""

import logging

PRINTED = {"printed": True}


class NotPrinted(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "printed", False)
