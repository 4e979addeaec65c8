"""The schedule as frab/pentabarf `schedule.xml`, laid out by `presentations.frab` (whose docstring says the
choices both formats share)."""

from __future__ import annotations

import re

from lxml import etree

from presentations.frab import (
    GENERATOR,
    TIMESLOT,
    Event,
    Schedule,
    acronym,
    clean,
    conference_dates,
    room_guid,
)
from presentations.slugs import slugify


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {key: clean(value) for key, value in attributes.items()})
    if text is not None:
        element.text = clean(text)
    return element


def _xml_event(parent: etree._Element, event: Event) -> None:
    p = event.presentation
    element = _sub(parent, "event", id=str(p.pk), guid=event.guid)
    _sub(element, "date", event.local_start.isoformat())
    _sub(element, "start", event.local_start.strftime("%H:%M"))
    _sub(element, "duration", event.duration)
    _sub(element, "room", p.room)
    _sub(element, "slug", event.slug)
    _sub(element, "url", event.page_url)
    _sub(element, "title", p.title)
    _sub(element, "subtitle", "")
    _sub(element, "track", p.category)
    _sub(element, "type", p.kind)
    if p.language:
        _sub(element, "language", p.language)
    _sub(element, "abstract", p.description)
    _sub(element, "description", p.abstract)
    if p.recorded is not None:
        recording = _sub(element, "recording")
        _sub(recording, "license", "")
        _sub(recording, "optout", "false" if p.recorded else "true")
    persons = _sub(element, "persons")
    for name in p.speakers:
        _sub(persons, "person", name)
    links = _sub(element, "links")
    if p.url:
        _sub(links, "link", "On the conference site", href=p.url)
        _sub(element, "origin_url", p.url)


def schedule_xml(schedule: Schedule, *, url: str) -> bytes:
    """frab/pentabarf XML; `url` is where this document is served (absolute)."""
    conference = schedule.conference
    root = etree.Element("schedule")
    _sub(root, "generator", name=GENERATOR)
    _sub(root, "url", url)
    _sub(root, "version", schedule.version)
    head = _sub(root, "conference")
    _sub(head, "acronym", acronym(conference))
    _sub(head, "title", conference.name)
    first, last = conference_dates(schedule)
    if first:
        _sub(head, "start", first.isoformat())
        _sub(head, "end", last.isoformat())
    _sub(head, "days", str(len(schedule.days)))
    _sub(head, "timeslot_duration", TIMESLOT)
    _sub(head, "base_url", schedule.base_url)
    _sub(head, "time_zone_name", conference.timezone)
    for track in schedule.tracks:
        slug = slugify(track, unfoldable="hyphen")
        _sub(head, "track", name=track, **({"slug": slug} if re.fullmatch(r"[a-z][a-z0-9-]+", slug) else {}))
    for day in schedule.days:
        element = _sub(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=day.start.isoformat(),
            end=day.end.isoformat(),
        )
        for room, events in day.rooms.items():
            room_element = _sub(element, "room", name=room, guid=room_guid(conference, room))
            for event in events:
                _xml_event(room_element, event)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
