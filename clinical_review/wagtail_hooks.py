from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.action_menu import PublishMenuItem, SubmitForModerationMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

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


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(LOGIN_LINK_ACTION, "Change admin login", "Changed which admin login this person is")
