from django.apps import AppConfig


class InterestsConfig(AppConfig):
    name = "interests"
    verbose_name = "Interests and calendar feeds"

    def ready(self) -> None:
        # Connects the handlers that announce every change of an Interest.
        from interests import signals  # noqa: F401
