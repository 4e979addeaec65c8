"""Which of a person's talks overlap in time, so the My talks page can say so."""

from __future__ import annotations

from presentations.models import Presentation


def find_clashes(presentations: list[Presentation]) -> dict[int, list[Presentation]]:
    """For each presentation that overlaps another, the others it overlaps, in start order.

    Cancelled and untimed presentations clash with nothing. Touching ends (one ends at 11:20, the next
    starts at 11:20) are not a clash.
    """
    timed = sorted(
        (p for p in presentations if p.start and not p.is_cancelled),
        key=lambda p: (p.start, p.pk),
    )
    clashes: dict[int, list[Presentation]] = {}
    running: list[Presentation] = []
    for presentation in timed:
        running = [other for other in running if _end(other) > presentation.start]
        for other in running:
            clashes.setdefault(other.pk, []).append(presentation)
            clashes.setdefault(presentation.pk, []).append(other)
        running.append(presentation)
    for others in clashes.values():
        others.sort(key=lambda p: (p.start, p.pk))
    return clashes


def _end(presentation: Presentation):
    return presentation.end or presentation.start
