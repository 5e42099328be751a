from django.apps import AppConfig
from django.db.models.signals import post_save


class SitePagesConfig(AppConfig):
    name = "site_pages"
    verbose_name = "Site pages"

    def ready(self):
        from wagtail.images import get_image_model

        from site_pages import renditions
        from site_pages.models import ClinicSettings, Person

        post_save.connect(
            renditions.make_renditions_on_upload, sender=get_image_model(), dispatch_uid="site-pages-upload"
        )
        post_save.connect(renditions.make_logo_renditions, sender=ClinicSettings, dispatch_uid="site-pages-logo")
        post_save.connect(renditions.make_portrait_renditions, sender=Person, dispatch_uid="site-pages-portrait")
