"""Admin report: live medical pages whose clinical review is due, oldest first."""

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page, get_page_models

from .models import ClinicalReviewMixin, add_months


def review_cutoff(today=None):
    """Pages last reviewed before this date are overdue: their next review date has passed."""
    return add_months(today or timezone.localdate(), -settings.CLINICAL_REVIEW_INTERVAL_MONTHS)


def medical_page_models():
    return [model for model in get_page_models() if issubclass(model, ClinicalReviewMixin)]


def pages_due_for_review(cutoff=None):
    cutoff = cutoff or review_cutoff()
    names = [model._meta.model_name for model in medical_page_models()]
    medical = Q()
    for name in names:
        medical |= Q(**{f"{name}__isnull": False})
    review_dates = [f"{name}__last_reviewed" for name in names]
    review_date = Coalesce(*review_dates) if len(review_dates) > 1 else F(review_dates[0])
    return (
        Page.objects.live()
        .filter(medical)
        .annotate(review_date=review_date)
        .filter(Q(review_date__lt=cutoff) | Q(review_date__isnull=True))
        .select_related("content_type")
        .order_by(F("review_date").asc(nulls_first=True), "title")
    )


class DueForReviewView(PageReportView):
    page_title = "Due for clinical review"
    header_icon = "time"
    results_template_name = "clinical_review/due_for_review_results.html"
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
