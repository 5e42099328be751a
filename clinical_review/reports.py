"""Admin report: live medical pages whose clinical review is overdue."""

from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page


def review_cutoff(today=None):
    """The date before which a review counts as overdue (months counted as 30.4 days, like the editors' calendar)."""
    today = today or timezone.localdate()
    return today - timedelta(days=round(settings.CLINICAL_REVIEW_INTERVAL_MONTHS * 30.4375))


def pages_due_for_review(cutoff=None):
    cutoff = cutoff or review_cutoff()
    medical = Q(blogpage__isnull=False) | Q(servicepage__isnull=False)
    return (
        Page.objects.live()
        .filter(medical)
        .annotate(review_date=Coalesce("blogpage__last_reviewed", "servicepage__last_reviewed"))
        .filter(Q(review_date__lt=cutoff) | Q(review_date__isnull=True))
        .select_related("content_type")
        .order_by(F("review_date").asc(nulls_first=True), "title")
    )


class DueForReviewView(PageReportView):
    page_title = "Due for clinical review"
    header_icon = "time"
    results_template_name = "site_pages/reports/due_for_review_results.html"
    index_url_name = "due_for_review"
    index_results_url_name = "due_for_review_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "review_date", "content_type"]
    export_headings = {"review_date": "Last reviewed", "content_type": "Type"}

    def get_queryset(self):
        self.queryset = pages_due_for_review()
        return super().get_queryset()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["interval_months"] = settings.CLINICAL_REVIEW_INTERVAL_MONTHS
        return context
