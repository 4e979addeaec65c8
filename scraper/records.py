"""Plain records that the parsers produce and the importer consumes.

Parsers know nothing of Django; the importer knows nothing of HTML, XML or JSON.
These dataclasses are the whole contract between the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


class ScheduleUnreadable(Exception):
    """The schedule as a whole cannot be read: nothing may be imported.

    The message is the one-line reason; `reasons` says, one line a page, why each page gave nothing.
    """

    def __init__(self, message: str, reasons: list[str] | None = None) -> None:
        super().__init__(message)
        self.reasons = list(reasons or [])


@dataclass(frozen=True)
class PresentationRecord:
    source_id: str
    title: str
    kind: str  # the source's own word, lower case: talk, tutorial, sponsor-tutorial, poster, plenary…
    speakers: tuple[str, ...] = ()
    category: str = ""
    audience: str = ""
    room: str = ""
    start: datetime | None = None  # aware, in the conference's time zone
    end: datetime | None = None
    description: str = ""
    abstract: str = ""
    url: str = ""
    # Optional extras that only some sources give; the defaults mean "the source does not say".
    language: str = ""  # as the source writes it: "en", "de"
    recorded: bool | None = None  # False when the source says "do not record"
    cancelled: bool = False  # the source still lists it, marked cancelled


@dataclass
class ScheduleRecord:
    slug: str
    name: str
    timezone: str
    source_url: str = ""
    presentations: list[PresentationRecord] = field(default_factory=list)
    # Human-readable reasons for parts that could not be read (a missing detail page…).
    failures: list[str] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    # Rooms as the source declares them, in its order, including rooms no event uses (empty when the
    # source declares none: then the grid orders rooms by first use).
    rooms: list[str] = field(default_factory=list)
    # What a reader of the log wants to know about how it was read (layouts found, sources that disagree).
    notes: list[str] = field(default_factory=list)
    # Sections the site's navigation names that yielded nothing ("posters").
    missing_sections: list[str] = field(default_factory=list)
    requests: int = 0  # pages fetched to read it, 0 for a file
    # What the source says about its speakers, plain text, by name as in `PresentationRecord.speakers`;
    # only speakers with a bio.
    speaker_bios: dict[str, str] = field(default_factory=dict)
