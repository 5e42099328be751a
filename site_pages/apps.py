from django.apps import AppConfig
from django.db.models.signals import post_save


class SitePagesConfig(AppConfig):
    name = "site_pages"
    verbose_name = "Site pages"

    def ready(self):
        from site_pages.models import ServicePage

        # Apps built on this layer connect their own medical sections (blog does so in its AppConfig).
        post_save.connect(put_new_section_under_clinical_review, sender=ServicePage, dispatch_uid="review-service")


def put_new_section_under_clinical_review(sender, instance, created, raw=False, **kwargs):
    """Medical content never goes live without a clinician: new blogs and services get the review workflow."""
    if created and not raw:
        from .models.review import assign_clinical_review

        assign_clinical_review(instance)
