from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class ClinicalReviewMixin(models.Model):
    """Medical content carries who reviewed it and when; the clinical review workflow fills both in."""

    reviewed_by = models.ForeignKey(
        "site_pages.Person",
        verbose_name="Medically reviewed by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="Set automatically when a clinical reviewer approves the page."
    )

    review_panels = [
        MultiFieldPanel([FieldPanel("reviewed_by"), FieldPanel("last_reviewed")], heading="Clinical review"),
    ]

    class Meta:
        abstract = True
