from django.apps import AppConfig
from django.db.models.signals import post_save, pre_save


class ClinicalReviewConfig(AppConfig):
    name = "clinical_review"
    verbose_name = "Clinical review"

    def ready(self):
        from . import signals

        # Lazy senders: this app does not import the page apps that build on it.
        for model in ("blog.BlogIndexPage", "site_pages.ServicePage"):
            post_save.connect(
                signals.put_new_section_under_clinical_review, sender=model, dispatch_uid=f"review-{model}"
            )
        pre_save.connect(signals.log_login_link_change, sender="site_pages.Person", dispatch_uid="person-login-link")
