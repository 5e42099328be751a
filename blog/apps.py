from django.apps import AppConfig
from django.db.models.signals import post_save


class BlogConfig(AppConfig):
    name = "blog"

    def ready(self):
        from site_pages.apps import put_new_section_under_clinical_review

        from .models import BlogIndexPage

        # A new blog holds medical posts: it gets the clinical review workflow like a service page.
        post_save.connect(put_new_section_under_clinical_review, sender=BlogIndexPage, dispatch_uid="review-blog")
