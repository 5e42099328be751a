from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Headers, request guards, upload checks and output cleaning that protect visitors and staff."""

    name = "security"
    verbose_name = "Security"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
