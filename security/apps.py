from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Headers, request guards, upload checks and output cleaning that protect visitors and staff."""

    name = "security"
    verbose_name = "Security"
