"""icalendar components written out as `Component.to_ical()` writes them, byte for byte, in fewer steps.

icalendar folds each content line one character at a time (encoding every character to count its bytes):
most of a feed's build went there (docs/benchmarks.md). Here a line is folded on its UTF-8 bytes, a slice
per 75-octet line, with the library's own rules: a line holds at most 74 octets before the fold, a fold
never splits a character, and a backslash or caret that would end a line moves to the next one (icalendar
issue #1501). tests/presentations/test_ics_writer.py holds this to `icalendar.parser.string._foldline`.
"""

from __future__ import annotations

from icalendar.cal.component import Component
from icalendar.parser_tools import to_unicode
from icalendar.prop import vText

# _foldline's `limit`: a line is folded before the character that would bring it to this many octets.
LIMIT = 75
FOLD = b"\r\n "
ESCAPES = frozenset(b"\\^")


def _starts_character(data: bytes, index: int) -> bool:
    # UTF-8 continuation bytes are 10xxxxxx.
    return index >= len(data) or data[index] & 0xC0 != 0x80


def fold(line: str) -> bytes:
    """`line` encoded and folded as icalendar's `Contentline.to_ical` does it."""
    data = line.encode()
    if len(data) < LIMIT:
        return data
    pieces = []
    start = 0
    while len(data) - start >= LIMIT:
        end = start + LIMIT - 1
        while not _starts_character(data, end):
            end -= 1
        if data[end - 1] in ESCAPES and end - 1 > start:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return FOLD.join(pieces)


def content_line(name: str, value) -> str:
    """`Contentline.from_parts(name, value.params, value)`, without making an empty Parameters for every
    value that has none, nor a Contentline to fold."""
    text = to_unicode(value.to_ical() if hasattr(value, "to_ical") else vText(value).to_ical())
    params = getattr(value, "params", None)
    if params:
        written = to_unicode(params.to_ical())
        if written:
            return f"{name};{written}:{text}"
    return f"{name}:{text}"


def _lines(component: Component, lines: list[str]) -> None:
    # `Component.property_items()`'s order, with BEGIN and END written directly: the names of icalendar's
    # component classes (VCALENDAR, VEVENT, VALARM, VTIMEZONE, STANDARD, DAYLIGHT) need no escaping.
    lines.append(f"BEGIN:{component.name}")
    for name in component.sorted_keys():
        values = component[name]
        for value in values if isinstance(values, list) else [values]:
            lines.append(content_line(name, value))
    for subcomponent in component.subcomponents:
        _lines(subcomponent, lines)
    lines.append(f"END:{component.name}")


def to_ical(component: Component) -> bytes:
    """`component.to_ical()`, the same bytes."""
    lines: list[str] = []
    _lines(component, lines)
    if any("\n" in line for line in lines):
        raise ValueError("Content line can not contain unescaped new line characters.")
    return b"".join(fold(line) + b"\r\n" for line in lines)


def wrapped(component: Component, inner: list[bytes]) -> bytes:
    """`component.to_ical()` as if its sub-components were those whose written forms are `inner`, in order
    after any it holds: lets a part that is the same in many feeds (a VTIMEZONE) be written once."""
    whole = to_ical(component)
    end = f"END:{component.name}\r\n".encode()
    return b"".join([whole[: -len(end)], *inner, end])
