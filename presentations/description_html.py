"""A description as the list shows it: what `{{ description|linebreaks }}` gives, made once when it is saved.

The same text as Django's `linebreaks(description, autoescape=True)`, made without its lazy-text wrappers
(three per call, and an `escape` call per paragraph): escaping leaves line breaks as they are, so the text
is escaped once and then split into paragraphs. A first import makes one for every row (FOSDEM: 876).
"""

from __future__ import annotations

import html
import re

PARAGRAPH_BREAK = re.compile("\n{2,}")


def description_html_of(description: str) -> str:
    """Escaped text in paragraphs, `<br>` for single breaks; "" for no description."""
    if not description:
        return ""
    # Django's normalize_newlines: CRLF, then a lone CR, become LF.
    escaped = html.escape(description.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n\n".join(f"<p>{paragraph}</p>".replace("\n", "<br>") for paragraph in PARAGRAPH_BREAK.split(escaped))
