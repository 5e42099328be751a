from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo clinic's content and `manage.py load_demo_content`; no models."""

    name = "demo"
    verbose_name = "Demo content"
