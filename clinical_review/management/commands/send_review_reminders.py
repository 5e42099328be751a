"""Email each overdue medical page's reviewer (or, if it has none, the clinical review task's groups)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from wagtail.models import Task

from clinical_review.reports import pages_due_for_review
from clinical_review.reviews import CLINICAL_REVIEW_WORKFLOW


class Command(BaseCommand):
    help = "Emails reviewers about live medical pages whose clinical review is overdue. Run it weekly from cron."

    def handle(self, *args, **options):
        fallback = self.task_group_emails()
        messages = []
        for page in pages_due_for_review():
            page = page.specific
            user = getattr(page.reviewed_by, "user", None)
            recipients = [user.email] if user is not None and user.is_active and user.email else fallback
            if not recipients:
                continue
            edit_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_pages:edit", args=[page.pk])
            due = f"was due on {page.next_review_due:%B %-d, %Y}" if page.next_review_due else "has never been done"
            body = (
                f"The clinical review of “{page.title}” {due}.\n\n"
                f"Open it, check it and submit it to Clinical review: {edit_url}\n"
            )
            messages.append((f"Clinical review due: {page.title}", body, settings.DEFAULT_FROM_EMAIL, recipients))
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
        self.stdout.write(f"Sent {sent} reminder(s) about pages due for clinical review.")

    @staticmethod
    def task_group_emails():
        tasks = Task.objects.filter(workflow_tasks__workflow__name=CLINICAL_REVIEW_WORKFLOW, active=True)
        users = get_user_model().objects.filter(
            is_active=True, groups__in=[group for task in tasks for group in task.specific.groups.all()]
        )
        return sorted({user.email for user in users if user.email})
