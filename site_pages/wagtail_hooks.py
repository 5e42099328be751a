from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from .reports import DueForReviewView


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
