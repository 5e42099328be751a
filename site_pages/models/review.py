"""Clinical review: who checked a medical page, when, and the workflow task that records it."""

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage

CLINICAL_REVIEW_WORKFLOW = "Clinical review"


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


class ClinicalReviewTask(GroupApprovalTask):
    """A clinician in the task's groups approves or rejects; approval stamps the page as reviewed.

    The stamp goes into the revision that the workflow is about to publish, so the live page shows the
    reviewer and date from the moment it goes live.
    """

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            stamp_review(task_state.workflow_state.content_object, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    class Meta:
        verbose_name = "Clinical review task"


def stamp_review(page, user):
    revision = page.get_latest_revision()
    if revision is None or "last_reviewed" not in revision.content:
        return
    revision.content["last_reviewed"] = timezone.localdate().isoformat()
    reviewer = getattr(user, "clinician", None)
    if reviewer is not None:
        revision.content["reviewed_by"] = reviewer.pk
    revision.save(update_fields=["content"])


def assign_clinical_review(page):
    """Put a new blog or service section under clinical review, as Settings > Workflows would."""
    workflow = Workflow.objects.filter(name=CLINICAL_REVIEW_WORKFLOW, active=True).first()
    if workflow and not WorkflowPage.objects.filter(page=page).exists():
        WorkflowPage.objects.create(page=page, workflow=workflow)
