"""Small words for schedule pages: how a kind, a level and a length read to a person."""

from django import template

from presentations import labels
from presentations.links import web_address
from presentations.speakers import speaker_slug

register = template.Library()

register.filter("kind_label", labels.kind_label)
register.filter("level_label", labels.level_label)
register.filter("minutes_label", labels.minutes_label)
register.filter("speaker_slug", speaker_slug)
register.filter("web_url", web_address)
