"""Small words for schedule pages: how a kind and a length read to a person."""

from django import template

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    """`sponsor-tutorial` → `Sponsor tutorial`."""
    words = kind.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@register.filter
def minutes_label(minutes: int | None) -> str:
    """90 → `1 h 30 min`, 45 → `45 min`: how a programme prints lengths."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


@register.filter
def web_url(url: str) -> str:
    """The URL if it is http(s), else nothing: a scraped link must never run script in our pages."""
    return url if url.lower().startswith(("https://", "http://")) else ""
