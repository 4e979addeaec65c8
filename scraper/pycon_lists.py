"""PyCon US list pages (posters, and any section listed rather than drawn as a grid), in every layout.

Bytes in, records out, untimed (a poster hangs all session long; SPEC gives untimed items no start).
The layouts, as the site has had them:

- 2011–2012 `div.session`: `div.title > a` and `div.metadata` ("Intermediate Poster by Bob Van Zant").
- 2013–2017 `div.presentation`: `h3 > a`, then `h4` "Names in Category".
- 2018–2019 `h2 > a#presentation-N`, then `p > b` with the names.
- 2020 on `div.panel-heading`: `h3` title and `ul li a` speaker links, no presentation page at all; such
  an item's id is made from its kind and title ("poster-integrating-react-in-the-django-way").
"""

from __future__ import annotations

from lxml.html import HtmlElement

from presentations.slugs import slugify
from scraper.pycon_html import first, grid_speakers, parse_html, presentation_link, select, text
from scraper.records import PresentationRecord
from scraper.text import element_text, one_line, tidy_paragraphs

SPEAKER_LINKS = ".//a[contains(@href, '/speaker/')]"


def parse_list(content: bytes, *, url: str, kind: str = "poster") -> list[PresentationRecord]:
    document = parse_html(content)
    for reader in (_sessions, _presentations, _headings, _panels):
        records = reader(document, url, kind)
        if records:
            return records
    return []


def _record(kind: str, url: str, title: str, found, **fields) -> PresentationRecord | None:
    if not title:
        return None
    source_id, link_url = (found[0], found[1]) if found else (f"{kind}-{slugify(title, length=60)}", "")
    return PresentationRecord(source_id=source_id, title=title, kind=kind, url=link_url, **fields)


def _sessions(document: HtmlElement, url: str, kind: str) -> list[PresentationRecord]:
    records = []
    for entry in select(document, "div.session"):
        title_box = first(entry, "div.title")
        found = presentation_link(title_box, url) if title_box is not None else None
        if found is None:
            continue
        metadata = first(entry, "div.metadata")
        words = metadata.text if metadata is not None and metadata.text else ""
        level, _, names = one_line(words).partition(" by ")
        audience = level.rsplit(" ", 1)[0] if " " in level else ""
        texts = metadata.xpath("./div[not(contains(@class, 'badges'))]") if metadata is not None else []
        description = element_text(texts[0]) if texts else ""
        record = _record(
            kind,
            url,
            text(found[2]),  # "43. What is IPv6…": the board number is part of the title as the site writes it
            found,
            speakers=grid_speakers(names),
            audience=audience,
            description=description,
        )
        records += [record] if record else []
    return records


def _presentations(document: HtmlElement, url: str, kind: str) -> list[PresentationRecord]:
    records = []
    for entry in select(document, "div.presentation"):
        heading = first(entry, "h3") if first(entry, "h3") is not None else first(entry, "div.title")
        found = presentation_link(heading, url) if heading is not None else None
        if found is None:
            continue
        names, _, category = text(first(entry, "h4")).rpartition(" in ")
        record = _record(
            kind,
            url,
            text(found[2]),
            found,
            speakers=grid_speakers(names),
            category=category,
            description=tidy_paragraphs("".join(entry.xpath("./text()"))),
        )
        records += [record] if record else []
    return records


def _headings(document: HtmlElement, url: str, kind: str) -> list[PresentationRecord]:
    records = []
    for heading in document.xpath("//h2[a[starts-with(@id, 'presentation-')]]"):
        found = presentation_link(heading, url)
        if found is None:
            continue
        names = heading.xpath("following-sibling::p[1]/b[1]")
        description = heading.xpath("following-sibling::div[1][contains(@class, 'presentation-description')]")
        record = _record(
            kind,
            url,
            text(found[2]),
            found,
            speakers=grid_speakers(text(names[0])) if names else (),
            description=element_text(description[0]) if description else "",
        )
        records += [record] if record else []
    return records


def _panels(document: HtmlElement, url: str, kind: str) -> list[PresentationRecord]:
    records = []
    for heading in select(document, "div.panel-heading"):
        title = first(heading, "h3")
        if title is None:
            continue
        found = presentation_link(title, url)
        body = heading.getnext()
        description = first(body, "div.description") if body is not None else None
        speakers = tuple(dict.fromkeys(text(a) for a in heading.xpath(SPEAKER_LINKS) if text(a)))
        record = _record(kind, url, text(title), found, speakers=speakers, description=element_text(description))
        records += [record] if record else []
    return records
