"""How a kind, a level, a length and a time read to a person: "BoF", "Lightning talk", "1 h 30 min", "2:35 PM".

Sources write kinds as identifiers (`bof`, `lightningtalk`, `sponsor-tutorial`); pages show words.
"""

from __future__ import annotations

from datetime import datetime

# Identifiers whose words cannot be guessed by splitting on "-" or "_".
KIND_WORDS = {
    "bof": "BoF",
    "lightningtalk": "Lightning talk",
    "lightning": "Lightning talk",
    "maintrack": "Main track",
    "devroom": "Devroom talk",
    "openspace": "Open space",
    "keynote": "Keynote",
    "qa": "Q&A",
}
# Levels that some sources give as numbers or codes.
LEVEL_WORDS = {
    "1": "Novice",
    "2": "Intermediate",
    "3": "Experienced",
    "all": "Everyone",
    "any": "Everyone",
}


def kind_label(kind: str) -> str:
    """`sponsor-tutorial` → `Sponsor tutorial`, `bof` → `BoF`."""
    key = kind.strip().lower()
    if key in KIND_WORDS:
        return KIND_WORDS[key]
    return _first_upper(" ".join(key.replace("-", " ").replace("_", " ").split()))


def level_label(level: str) -> str:
    """`novice` → `Novice`, `1` → `Novice`; words already capitalised by the source stay as they are."""
    level = level.strip()
    return LEVEL_WORDS.get(level.lower(), _first_upper(level))


def minutes_label(minutes: int | None) -> str:
    """90 → `1 h 30 min`, 45 → `45 min`: how a programme prints lengths."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def clock_time(moment: datetime) -> str:
    """`2:35 PM`, the way a printed programme writes it (no leading zero)."""
    return f"{moment.hour % 12 or 12}:{moment:%M %p}"


def day_and_time(moment: datetime) -> str:
    """`Mon 2:35 PM`."""
    return f"{moment:%a} {clock_time(moment)}"
