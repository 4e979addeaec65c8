from django.apps import AppConfig
from django.db.models.signals import post_delete


class InterestsConfig(AppConfig):
    name = "interests"
    verbose_name = "Interests and calendar feeds"

    def ready(self) -> None:
        from interests import signals  # noqa: F401  (connects the handlers that announce every change)
        from interests.feeds import note_interest_removed
        from interests.models import Interest

        post_delete.connect(note_interest_removed, sender=Interest, dispatch_uid="feed-interest-removed")
