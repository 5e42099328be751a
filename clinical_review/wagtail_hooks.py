from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.action_menu import PublishMenuItem, SubmitForModerationMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from . import content_checks
from .approvals import confirm_approval
from .reports import DueForReviewView
from .signals import LOGIN_LINK_ACTION


@hooks.register("register_admin_urls")
def register_due_for_review_urls():
    return [
        path("reports/due-for-review/", DueForReviewView.as_view(), name="due_for_review"),
        path(
            "reports/due-for-review/results/",
            DueForReviewView.as_view(results_only=True),
            name="due_for_review_results",
        ),
    ]


class DueForReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_any_permission(request.user, DueForReviewView.any_permission_required)


@hooks.register("register_reports_menu_item")
def register_due_for_review_menu_item():
    return DueForReviewMenuItem("Due for clinical review", reverse("due_for_review"), icon_name="time", order=50)


@hooks.register("construct_page_action_menu")
def submit_first_for_those_who_cannot_publish(menu_items, request, context):
    """Whoever cannot publish a page sees "Submit to ..." as the main button, not hidden behind "Save draft"."""
    if any(isinstance(item, PublishMenuItem) for item in menu_items):
        return
    submit = next((item for item in menu_items if isinstance(item, SubmitForModerationMenuItem)), None)
    if submit is not None:
        menu_items.remove(submit)
        menu_items.insert(0, submit)


@hooks.register("after_edit_page")
def confirm_an_approval(request, page):
    """Approving from the editor says what happened, not only "Page updated" (the dashboard: approvals.py)."""
    if request.POST.get("action-workflow-action") and request.POST.get("workflow-action-name") == "approve":
        confirm_approval(request, page)


@hooks.register("before_copy_page")
def refuse_live_copies_of_medical_pages(request, page):
    """A published copy or an alias of a guide would be a medical page live without review."""
    specific = page.specific_deferred
    wants_live = request.POST.get("publish_copies") or request.POST.get("alias")
    if request.method == "POST" and wants_live and not specific.permissions_for_user(request.user).can_publish():
        messages.error(request, "Copies of medical pages start as drafts: submit the copy to Clinical review.")
        return redirect("wagtailadmin_pages:copy", page.pk)
    return None


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(LOGIN_LINK_ACTION, "Change admin login", "Changed which admin login this person is")


# --- Content checks in the Checks panel ------------------------------------------------------------------
# Each finding of clinical_review.content_checks becomes a custom axe rule. axe cannot run Python, so the
# rule targets the page's <main> with a check that always fails there (a built-in axe evaluation looking
# for an attribute no element has); the rule is only configured when the server found the problem, and its
# message carries the details. Axe's own image-alt and heading-order rules cover the rendered page.
CONTENT_CHECK_FAILS = {
    "id": "clinic-content-check",
    "evaluate": "attr-non-space-content-evaluate",
    "options": {"attribute": "data-clinic-content-check-passed"},
}


class ContentChecksItem(ContentCheckerItem):
    """Wagtail's accessibility checker, plus the clinic's content checks for the page being edited."""

    axe_run_only = [*ContentCheckerItem.axe_run_only, "image-alt"]

    def __init__(self, page=None, in_editor=False):
        super().__init__(in_editor=in_editor)
        self.page = page

    def findings(self):
        if getattr(self, "_findings", None) is None:
            self._findings = content_checks.findings(self.page) if isinstance(self.page, Page) else []
        return self._findings

    def get_axe_run_only(self, request):
        return [*super().get_axe_run_only(request), *(f"clinic-{finding.check}" for finding in self.findings())]

    def get_axe_custom_rules(self, request):
        rules = [
            {
                "id": f"clinic-{finding.check}",
                "impact": "serious",
                "selector": "main",
                "tags": ["clinic-content"],
                "any": [CONTENT_CHECK_FAILS["id"]],
                "enabled": True,
            }
            for finding in self.findings()
        ]
        return [*super().get_axe_custom_rules(request), *rules]

    def get_axe_custom_checks(self, request):
        return [*super().get_axe_custom_checks(request), CONTENT_CHECK_FAILS]

    def get_axe_messages(self, request):
        messages = dict(super().get_axe_messages(request))
        for finding in self.findings():
            name, advice = content_checks.CHECKS[finding.check]
            details = " ".join(
                f"“{detail}”" if finding.check != "reading-grade" else detail for detail in finding.details
            )
            messages[f"clinic-{finding.check}"] = {"error_name": name, "help_text": f"{advice} {details}".strip()}
        return messages


@hooks.register("construct_wagtail_userbar")
def add_content_checks(request, items, page):
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, ContentChecksItem):
            items[index] = ContentChecksItem(page, in_editor=item.in_editor)
