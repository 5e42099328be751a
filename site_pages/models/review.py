"""The clinical review workflow task. Its rules live in the clinical_review app; the model stays here,
where its table and migrations have been since it was created."""

from wagtail.models import GroupApprovalTask

from clinical_review.reviews import stamp_review


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
