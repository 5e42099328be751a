from django.contrib import messages
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from site_pages.models import CrisisSupportMixin

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


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_when_suicide_is_mentioned_without_crisis_support(request, page):
    """An editor who saves medical content that mentions suicide without the crisis mark is reminded of it."""
    if isinstance(page, CrisisSupportMixin) and not page.touches_on_suicide and page.mentions_suicide():
        field = page._meta.get_field("touches_on_suicide")
        messages.warning(
            request,
            f"“{page.title}” mentions suicide or self-harm but “{field.verbose_name}” is not ticked, so the crisis "
            "support box is not shown. Tick it under Crisis support unless the mention is incidental.",
        )
