"""Text as schedule exports write it, made plain: HTML to paragraphs, "01:30" to a duration (names to slugs is
`presentations.slugs`, shared with the exports)."""

from __future__ import annotations

import re
from datetime import timedelta

import lxml.html
from lxml import etree

# Markers for breaks while walking the tree; resolved once all text is joined.
_PARAGRAPH = "\x00"
_LINE = "\x01"

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figure",
        "figcaption",
    }
)
_SKIPPED_TAGS = frozenset({"script", "style", "head", "title"})

# Only real markup counts: a "<" in plain text or a Markdown autolink "<https://…>" is not HTML.
_HTML_TAG = re.compile(
    r"</?(p|br|a|ul|ol|li|em|strong|b|i|u|code|pre|div|span|h[1-6]|blockquote|img|table)\b[^>]*>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_TAG.search(text))


def plain_text(text: str | None) -> str:
    """The text a reader sees: HTML rendered to paragraphs, plain text kept as written."""
    if not text:
        return ""
    if looks_like_html(text):
        return html_to_text(text)
    return _tidy_lines(text)


def html_to_text(markup: str) -> str:
    """HTML to plain text: paragraphs split by a blank line, list items one a line, entities unescaped."""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy_lines(markup)
    return element_text(root)


def element_text(element: etree._Element | None) -> str:
    """The plain text of an already parsed element, the same way as `html_to_text`."""
    if element is None:
        return ""
    chunks: list[str] = []
    _walk(element, chunks, preformatted=False)
    return _resolve_breaks("".join(chunks))


def one_line(value: str | None) -> str:
    """All whitespace collapsed to single spaces, trimmed."""
    return " ".join((value or "").split())


def tidy_paragraphs(value: str | None) -> str:
    """Plain text with paragraph breaks ("\\n\\n") and line breaks kept, other whitespace collapsed.

    Markdown-like texts (the 2013-era PyCon pages): single newlines carry list items, blank lines
    separate paragraphs.
    """
    blocks = re.split(r"\n\s*\n", (value or "").replace("\r\n", "\n"))
    cleaned = ("\n".join(one_line(line) for line in block.split("\n") if line.strip()) for block in blocks)
    return "\n\n".join(block for block in cleaned if block)


def _walk(element: etree._Element, chunks: list[str], *, preformatted: bool) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""  # comments have a function as tag
    is_text = tag and tag not in _SKIPPED_TAGS
    inside_pre = preformatted or tag == "pre"
    if tag == "br":
        chunks.append(_LINE)
    elif tag in _BLOCK_TAGS:
        chunks.append(_PARAGRAPH)
    elif tag == "li":
        chunks.append(_LINE + "- ")
    if is_text and element.text:
        chunks.append(_inline(element.text, inside_pre))
    for child in element:
        _walk(child, chunks, preformatted=inside_pre)
    if tag in _BLOCK_TAGS:
        chunks.append(_PARAGRAPH)
    if element.tail:
        chunks.append(_inline(element.tail, preformatted))


# Compiled once: a scrape cleans some 13,000 pieces of text, and re.sub(pattern, …) looks each pattern up.
_BLANK_LINE = re.compile(r"[ \t\r]*\n[ \t\r]*\n\s*")
_SPACES = re.compile(r"\s+")
_BREAK_RUN = re.compile(f"[ {_PARAGRAPH}{_LINE}]*[{_PARAGRAPH}{_LINE}][ {_PARAGRAPH}{_LINE}]*")
_DOUBLE_SPACES = re.compile(" {2,}")


def _inline(text: str, preformatted: bool) -> str:
    if preformatted:
        return text.replace("\n", _LINE)
    # A blank line inside text is Markdown's paragraph break: pretalx lets speakers mix it with HTML.
    if "\n" in text:  # (without one there is no blank line to find)
        text = _BLANK_LINE.sub(_PARAGRAPH, text)
    return _SPACES.sub(" ", text)


def _resolve_breaks(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        markers = match.group(0).replace(" ", "")
        # Two <br> in a row are how many editors write a paragraph break.
        if _PARAGRAPH in markers or markers.count(_LINE) > 1:
            return "\n\n"
        return "\n"

    text = _BREAK_RUN.sub(replace, text)
    return _DOUBLE_SPACES.sub(" ", text).strip()


def _tidy_lines(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def parse_duration(value: str | None) -> timedelta | None:
    """ "01:30" or "1:30:00" as a duration; None when blank or not a duration."""
    match = re.fullmatch(r"\s*(\d{1,3}):([0-5]\d)(?::([0-5]\d))?\s*", value or "")
    if not match:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)
