"""Telling a reviewer what their approval did: live now, scheduled, or on to the workflow's next step.

Wagtail confirms nothing after an approval, whether it is made in the page editor or from the dashboard's
"Awaiting your review" panel and its pop-up; the page editor has a hook for it (`after_edit_page`), the
dashboard's workflow action has none, so `ConfirmingWorkflowAction` answers that URL in its place.
"""

from django.contrib import messages
from django.utils import timezone
from django.utils.dateformat import format as format_date
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.workflow import WorkflowAction
from wagtail.models import Page, TaskState


def approval_message(page):
    page = Page.objects.get(pk=page.pk)  # as the approval left it
    title = page.draft_title
    revision = page.get_latest_revision()
    if revision is not None and revision.approved_go_live_at:
        when = format_date(timezone.localtime(revision.approved_go_live_at), "j F Y \\a\\t H:i")
        return f"Approved and scheduled: “{title}” goes live on {when}."
    if page.live and not page.has_unpublished_changes:
        return f"Approved: “{title}” is live."
    return f"Approved: “{title}” moves on to its next review step."


def confirm_approval(request, page):
    messages.success(request, approval_message(page))


class ConfirmingWorkflowAction(WorkflowAction):
    """Wagtail's workflow action view (the dashboard's Approve buttons and pop-up), confirming an approval."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if self.action_name == "approve":
            self.task_state.refresh_from_db(fields=["status"])
            if self.task_state.status == TaskState.STATUS_APPROVED:
                confirm_approval(request, self.object)
        return response


# Mounted under the admin's prefix ahead of Wagtail's own URLs (config/urls.py), at the same address.
workflow_action_view = require_admin_access(ConfirmingWorkflowAction.as_view())
