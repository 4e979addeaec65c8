from django.apps import AppConfig


class PresentationsConfig(AppConfig):
    name = "presentations"
    verbose_name = "Conferences and presentations"

    def ready(self) -> None:
        from presentations import schedule_version

        schedule_version.connect()
