from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "Security"

    def ready(self) -> None:
        from security.checks import use_djangos_checks_on_our_paths

        use_djangos_checks_on_our_paths()
