"""What the core tells the apps that build on it. `presentations` imports none of them: an app that cares
connects a receiver in its AppConfig.ready (interests: the live message to open pages)."""

from django.dispatch import Signal

# Sent once a transaction that changed a presentation's live fields has committed, with
# `conference_id`, `presentation_id` and `changes` ({field: [old, new]} as JSON values, in the
# conference's zone; only the fields of presentations.changes.LIVE_FIELDS).
schedule_changed = Signal()
