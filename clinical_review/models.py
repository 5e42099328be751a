"""The fields and rules every medical page type (blog posts and guides, service pages) carries."""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import PagePermissionTester

from .panels import ReviewHistoryPanel


def add_months(day, months):
    """The same day `months` later (or earlier), or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_interval_months():
    return settings.CLINICAL_REVIEW_INTERVAL_MONTHS


class MedicalPagePermissionTester(PagePermissionTester):
    """Nobody publishes a medical page by hand: an approved clinical review publishes it.

    Site managers keep everything else (editing, unpublishing, submitting). Superusers keep the
    Publish button as the emergency exit; their publishing stamps nothing as reviewed.
    """

    def can_publish(self):
        return self.user.is_active and self.user.is_superuser and super().can_publish()


class ClinicalReviewMixin(models.Model):
    """Medical content carries who reviewed it and when; only an approved clinical review fills both in."""

    reviewed_by = models.ForeignKey(
        "site_pages.Person",
        verbose_name="Medically reviewed by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set automatically to the clinician whose approval published the page.",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="Set automatically when a clinical reviewer approves the page."
    )

    # Read-only: the edit form has no such inputs, so a forged POST cannot set them either.
    review_panels = [
        MultiFieldPanel(
            [
                FieldPanel("reviewed_by", read_only=True),
                FieldPanel("last_reviewed", read_only=True),
                ReviewHistoryPanel(),
            ],
            heading="Clinical review",
            help_text="Filled in when a clinical reviewer approves the page; nobody edits these by hand.",
        ),
    ]

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        return MedicalPagePermissionTester(user, self)

    @property
    def next_review_due(self):
        """The date the page's clinical review falls due again, or None if it was never reviewed."""
        return add_months(self.last_reviewed, review_interval_months()) if self.last_reviewed else None

    @property
    def review_overdue(self):
        due = self.next_review_due
        return due is None or due < timezone.localdate()
