from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class InterestsConfig(AppConfig):
    name = "interests"
    verbose_name = "Interests and calendar feeds"

    def ready(self) -> None:
        """Every receiver of this app is connected here, and only here."""
        from django.contrib.auth.signals import user_logged_in

        from interests import signals
        from interests.feeds import note_interest_removed
        from interests.models import Interest
        from interests.sign_in import add_after_sign_in
        from presentations.models import Presentation
        from presentations.signals import schedule_changed

        post_save.connect(signals.interest_saved, sender=Interest, dispatch_uid="interests.announce_saved")
        post_delete.connect(signals.interest_deleted, sender=Interest, dispatch_uid="interests.announce_deleted")
        post_delete.connect(note_interest_removed, sender=Interest, dispatch_uid="feed-interest-removed")
        # "Sign in to add": whichever way the person signs in (GitHub, a password, a new account).
        user_logged_in.connect(add_after_sign_in, dispatch_uid="interests.add_after_sign_in")
        schedule_changed.connect(
            signals.schedule_changed, sender=Presentation, dispatch_uid="interests.announce_schedule_change"
        )
