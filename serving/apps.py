from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class ServingConfig(AppConfig):
    """How the site is served in production: its public origin, caches, failures of what it depends on."""

    name = "serving"
    verbose_name = "Serving"

    def ready(self):
        from . import checks, purge  # noqa: F401  (register the deploy checks and the page cache purges)
        from .site_url import sync_site_with_site_url

        # Every deploy runs `migrate`, so the Site record follows SITE_URL with no step of its own. Django
        # sends post_migrate only for apps with models; Wagtail's own app holds the Site model.
        post_migrate.connect(
            sync_site_with_site_url, sender=apps.get_app_config("wagtailcore"), dispatch_uid="serving-site-url"
        )
