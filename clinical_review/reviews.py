"""Recording a clinical review: the stamp an approval writes, the workflow that publishes, the history shown."""

from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import TaskState, Workflow, WorkflowPage

CLINICAL_REVIEW_WORKFLOW = "Clinical review"


def stamp_review(page, user):
    """Write the approving clinician and today's date into the revision the workflow is about to publish."""
    revision = page.get_latest_revision()
    if revision is None or "last_reviewed" not in revision.content:
        return
    revision.content["last_reviewed"] = timezone.localdate().isoformat()
    reviewer = getattr(user, "clinician", None)
    # A reviewer without a Person record still dates the review, but names nobody.
    revision.content["reviewed_by"] = reviewer.pk if reviewer is not None else None
    revision.save(update_fields=["content"])


def assign_clinical_review(page):
    """Put a new blog or service section under clinical review, as Settings > Workflows would."""
    workflow = Workflow.objects.filter(name=CLINICAL_REVIEW_WORKFLOW, active=True).first()
    if workflow and not WorkflowPage.objects.filter(page=page).exists():
        WorkflowPage.objects.create(page=page, workflow=workflow)


@dataclass
class ApprovedReview:
    reviewer: str
    revision_id: int | None
    approved_at: object


def approved_reviews(page):
    """Every approved clinical review task on the page, newest first: who, which revision, when."""
    states = (
        TaskState.objects.filter(
            workflow_state__base_content_type__app_label="wagtailcore",
            workflow_state__base_content_type__model="page",
            workflow_state__object_id=str(page.pk),
            task__content_type__model="clinicalreviewtask",
            status=TaskState.STATUS_APPROVED,
        )
        .select_related("finished_by", "finished_by__clinician")
        .order_by("-finished_at")
    )
    return [
        ApprovedReview(
            reviewer=_reviewer_name(state.finished_by),
            revision_id=state.revision_id,
            approved_at=state.finished_at,
        )
        for state in states
    ]


def _reviewer_name(user):
    if user is None:
        return "A deleted account"
    clinician = getattr(user, "clinician", None)
    return str(clinician) if clinician is not None else user.get_full_name() or user.get_username()
