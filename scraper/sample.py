"""The project's own sample conference: invented, plausible, deterministic.

Three talk days in five rooms plus a tutorial day, with keynotes, posters and breaks, so every page
has something to show on a fresh machine. No text here is copied from a real schedule.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scraper.records import PresentationRecord, ScheduleRecord

SLUG = "pyguide-sample"
TIMEZONE = "America/Chicago"
FIRST_DAY = date(2026, 5, 13)
ROOMS = ["Hall A", "Hall B", "Room 101", "Room 102", "Room 201"]
CATEGORIES = ["Web", "Data", "Testing", "Community", "Performance", "Packaging", "Security", "Education"]
LEVELS = ["Novice", "Intermediate", "Experienced"]
TOPICS = [
    ("async generators", "Performance"),
    ("type hints at scale", "Testing"),
    ("Django signals", "Web"),
    ("WebSockets with Channels", "Web"),
    ("property-based testing", "Testing"),
    ("pandas indexing", "Data"),
    ("wheel building", "Packaging"),
    ("mentoring new contributors", "Community"),
    ("memory profiling", "Performance"),
    ("SQL query plans", "Data"),
    ("secrets management", "Security"),
    ("teaching with notebooks", "Education"),
    ("the import system", "Performance"),
    ("dependency pinning", "Packaging"),
    ("accessible web forms", "Web"),
    ("fuzzing parsers", "Security"),
    ("time zones", "Data"),
    ("CPython's bytecode", "Performance"),
    ("pytest fixtures", "Testing"),
    ("running a local meetup", "Community"),
    ("geospatial data", "Data"),
    ("OAuth done right", "Security"),
    ("code review habits", "Community"),
    ("structured logging", "Web"),
    ("numerical precision", "Data"),
    ("packaging C extensions", "Packaging"),
    ("HTML over the wire", "Web"),
    ("teaching recursion", "Education"),
    ("observability", "Performance"),
    ("test doubles", "Testing"),
    ("data validation", "Data"),
    ("threat modelling", "Security"),
]
PATTERNS = [
    "A practical guide to {topic}",
    "What I wish I knew about {topic}",
    "{Topic} from first principles",
    "Debugging {topic} in production",
    "Ten years of {topic}",
    "{Topic}: patterns and pitfalls",
    "Beyond the basics of {topic}",
    "Making {topic} boring (in a good way)",
]
FIRST_NAMES = [
    "Ada",
    "Bilal",
    "Chen",
    "Dolores",
    "Emeka",
    "Freya",
    "Gustavo",
    "Hana",
    "Ingrid",
    "Jamal",
    "Keiko",
    "Luca",
    "Maya",
    "Nikhil",
    "Olga",
    "Priya",
    "Quentin",
    "Rosa",
    "Sami",
    "Tomás",
    "Uma",
    "Viktor",
    "Wen",
    "Yara",
    "Zoë",
]
LAST_NAMES = [
    "Abara",
    "Berglund",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "Gallagher",
    "Haddad",
    "Iwasaki",
    "Jovanović",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quiroga",
    "Rahman",
    "Schmidt",
    "Tanaka",
]
# Talk slots of a talk day: (start, minutes); 45-minute slots appear now and then.
TALK_SLOTS = [
    (time(10, 50), 30),
    (time(11, 30), 30),
    (time(13, 40), 30),
    (time(14, 20), 45),
    (time(15, 30), 30),
    (time(16, 10), 30),
    (time(16, 50), 30),
]


def _speaker(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _title(rng: random.Random, index: int) -> tuple[str, str]:
    topic, category = TOPICS[index % len(TOPICS)]
    pattern = PATTERNS[(index * 5 + index // len(TOPICS)) % len(PATTERNS)]
    title = pattern.format(topic=topic, Topic=topic[0].upper() + topic[1:])
    return title, category


def _texts(title: str, category: str, level: str) -> tuple[str, str]:
    description = f"A {level.lower()}-level look at {title[0].lower() + title[1:]}, with examples you can take home."
    abstract = (
        f"This session is part of the {category} track.\n\n"
        "We start from a small, real problem and grow the solution step by step, "
        "stopping at each design decision to weigh the alternatives.\n\n"
        "You will leave with working code, a checklist for your own projects, and links for further reading."
    )
    return description, abstract


def _at(day: date, start: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, start, tzinfo=tz)


def _tutorials(rng: random.Random, tz: ZoneInfo, first_day: date) -> list[PresentationRecord]:
    """Two three-hour workshops in each of the first three rooms on the first day."""
    records = []
    for n, room in enumerate(ROOMS[:3]):
        for half, start in enumerate((time(9, 0), time(13, 30))):
            title, category = _title(rng, 40 + n * 2 + half)
            description, abstract = _texts(title, category, "Novice")
            records.append(
                PresentationRecord(
                    source_id=f"tutorial-{n}-{half}",
                    kind="tutorial",
                    title=f"Workshop: {title}",
                    speakers=(_speaker(rng), _speaker(rng)),
                    category=category,
                    audience=rng.choice(LEVELS),
                    room=room,
                    start=_at(first_day, start, tz),
                    end=_at(first_day, start, tz) + timedelta(hours=3),
                    description=description,
                    abstract=abstract,
                )
            )
    return records


def _talk_day(rng: random.Random, day_number: int, day: date, tz: ZoneInfo) -> list[PresentationRecord]:
    """A keynote, lunch, and a talk in every room in every slot of TALK_SLOTS."""
    records = [
        PresentationRecord(
            source_id=f"keynote-{day_number}",
            kind="plenary",
            title=f"Keynote — {_speaker(rng)}",
            start=_at(day, time(9, 30), tz),
            end=_at(day, time(10, 30), tz),
        ),
        PresentationRecord(
            source_id=f"lunch-{day_number}",
            kind="lunch",
            title="Lunch",
            start=_at(day, time(12, 10), tz),
            end=_at(day, time(13, 40), tz),
        ),
    ]
    index = day_number * len(TALK_SLOTS) * len(ROOMS)  # talks are numbered across the days
    for start, minutes in TALK_SLOTS:
        for room in ROOMS:
            title, category = _title(rng, index)
            level = LEVELS[index % 3]
            description, abstract = _texts(title, category, level)
            speakers = (_speaker(rng),) if index % 6 else (_speaker(rng), _speaker(rng))
            records.append(
                PresentationRecord(
                    source_id=f"talk-{index + 1}",
                    kind="talk",
                    title=title,
                    speakers=speakers,
                    category=category,
                    audience=level,
                    room=room,
                    start=_at(day, start, tz),
                    end=_at(day, start, tz) + timedelta(minutes=minutes),
                    description=description,
                    abstract=abstract,
                )
            )
            index += 1
    return records


def _posters(rng: random.Random) -> list[PresentationRecord]:
    records = []
    for n in range(8):
        title, category = _title(rng, 60 + n)
        description, abstract = _texts(title, category, "Intermediate")
        records.append(
            PresentationRecord(
                source_id=f"poster-{n + 1}",
                kind="poster",
                title=f"Poster: {title}",
                speakers=(_speaker(rng),),
                category=category,
                description=description,
                abstract=abstract,
            )
        )
    return records


def _bios(records: list[PresentationRecord]) -> dict[str, str]:
    """Two of every three speakers have a bio, as at a real conference: what they do, then what they talk about."""
    bios = {}
    for index, name in enumerate(sorted({name for record in records for name in record.speakers})):
        if index % 3 == 2:
            continue
        topics = sorted({record.category for record in records if name in record.speakers and record.category})
        first = name.split()[0]
        bios[name] = (
            f"{first} has written Python for {3 + index % 12} years, lately on {TOPICS[index % len(TOPICS)][0]}.\n\n"
            f"At this conference {first} speaks on {', '.join(topics) or 'a little of everything'}."
        )
    return bios


def sample_schedule(first_day: date = FIRST_DAY) -> ScheduleRecord:
    """The sample conference as a source returns it: the same records on every call for the same
    `first_day` (the tutorial day; three talk days follow)."""
    rng = random.Random(2026)  # one generator, drawn from in this order, so every run is the same
    tz = ZoneInfo(TIMEZONE)
    talk_days = [first_day + timedelta(days=n) for n in range(1, 4)]
    records = _tutorials(rng, tz, first_day)
    for day_number, day in enumerate(talk_days):
        records += _talk_day(rng, day_number, day, tz)
    records += _posters(rng)
    return ScheduleRecord(
        slug=SLUG,
        name=f"PyCon Guide Sample Conference {first_day.year}",
        timezone=TIMEZONE,
        presentations=records,
        start=first_day,
        end=talk_days[-1],
        speaker_bios=_bios(records),
    )
