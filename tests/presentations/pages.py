"""Helpers of the page tests (the list, the grid, the talk page): times in Portland, parsed pages, texts."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import lxml.html

from presentations.models import Presentation

TZ = ZoneInfo("America/Los_Angeles")


def at(hour: int, minute: int = 0, day: int = 30) -> datetime:
    return datetime(2016, 5, day, hour, minute, tzinfo=TZ)


def html(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


def texts(document, selector: str) -> list[str]:
    return [" ".join(element.text_content().split()) for element in document.cssselect(selector)]


def card(title: str) -> Presentation:
    return Presentation.objects.get(title=title)
