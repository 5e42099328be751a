"""The "Book a consultation" page and the requests it stores.

Contract, for the visitor's privacy (see the README's "For the clinic"): a request is saved before
anything else happens; the notification email, sent by a background task once the request is committed
(`tasks.py`), names only the request's number and an admin link;
nothing a visitor typed goes into logs, emails or URLs; only the "Front desk" group sees requests
(`wagtail_hooks.py`).
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.url_routing import RouteResult
from wagtail_honeypot.models import HoneypotFormMixin

from seo.models import SeoPage
from site_pages.blocks import PROSE_FEATURES

from .forms import BookingFormBuilder
from .honeypot import form_time_problem
from .rate_limit import is_rate_limited

logger = logging.getLogger(__name__)

FIELD_CHOICES = (
    *FORM_FIELD_CHOICES,
    ("phone", "Phone number"),
    ("consent", "Consent checkbox (links to the privacy policy)"),
)
THANK_YOU_SLUG = "thank-you"


class RequestsPanel(FormSubmissionsPanel):
    """Wagtail's count of submissions and link to them, shown only to staff allowed to read them."""

    class BoundPanel(FormSubmissionsPanel.BoundPanel):
        def is_shown(self):
            return self.request.user.has_perm("booking.view_bookingsubmission") and super().is_shown()


class BookingFormField(AbstractFormField):
    """One question on the booking form, in the order staff arrange them."""

    field_type = models.CharField(
        "field type",
        max_length=16,
        choices=FIELD_CHOICES,
        help_text="What visitors answer with: a line of text, an email address, a phone number, a checkbox…",
    )
    page = ParentalKey("BookingPage", on_delete=models.CASCADE, related_name="form_fields")

    # Wagtail's own fields, with help text in the clinic's words (these two have none in Wagtail).
    panels = [
        FieldPanel("label"),
        FieldPanel("help_text", help_text="Optional. A hint shown under the question, e.g. “We call from 9 to 5.”"),
        FieldPanel("required", help_text="Tick if the request cannot be sent without an answer."),
        FieldPanel("field_type", classname="formbuilder-type"),
        FieldPanel("choices", classname="formbuilder-choices"),
        FieldPanel("default_value", classname="formbuilder-default"),
    ]


class BookingSubmission(AbstractFormSubmission):
    """One consultation request, as the visitor sent it."""

    notification_sent = models.BooleanField(
        default=False, help_text="Whether the clinic was emailed about this request."
    )

    class Meta:
        verbose_name = "consultation request"
        verbose_name_plural = "consultation requests"

    def __str__(self):
        return f"Consultation request #{self.pk}"  # never the visitor's details: this string reaches logs

    def get_data(self):
        return {**super().get_data(), "notification": "Sent" if self.notification_sent else "Notification not sent"}


class BookingPage(SeoPage, HoneypotFormMixin, AbstractEmailForm):
    """A consultation request form whose fields, texts and notification address staff edit."""

    intro = RichTextField(features=PROSE_FEATURES, blank=True, help_text="Shown above the form.")
    thank_you_text = RichTextField(
        features=PROSE_FEATURES, blank=True, help_text="Shown after a request is sent: say what happens next."
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked next to the consent checkbox.",
    )
    submit_label = models.CharField(
        max_length=40, default="Send my request", help_text="The words on the form's button, e.g. “Send my request”."
    )

    content_panels = AbstractEmailForm.content_panels + [
        RequestsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("privacy_page"),
        FieldPanel("submit_label"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel(
                            "from_address", help_text="The sender the email shows. Empty: the site's usual sender."
                        ),
                        FieldPanel("to_address"),
                    ]
                ),
                FieldPanel("subject", help_text="Empty: “New consultation request”."),
            ],
            heading="Notification email (it names no visitor details, only a link to the request in the admin)",
        ),
    ]
    settings_panels = AbstractEmailForm.settings_panels + [
        FieldPanel("honeypot", help_text="Keeps most spam robots out without a puzzle for visitors. Leave it ticked.")
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    page_description = "The consultation request form. There is only one."

    form_builder = BookingFormBuilder

    class Meta:
        verbose_name = "booking page"

    def get_submission_class(self):
        return BookingSubmission

    def get_submissions_list_view_class(self):
        from .views import BookingSubmissionsListView

        return BookingSubmissionsListView

    def get_data_fields(self):
        return [*super().get_data_fields(), ("notification", "Notification")]

    def route(self, request, path_components):
        if path_components == [THANK_YOU_SLUG] and self.live:
            return RouteResult(self, kwargs={"thank_you": True})
        return super().route(request, path_components)

    def serve(self, request, *args, thank_you=False, **kwargs):
        if thank_you:
            return self.render_landing_page(request)
        if request.method == "POST" and is_rate_limited(request):
            return TemplateResponse(request, "booking/rate_limited.html", self.get_context(request), status=429)
        return super().serve(request, *args, **kwargs)

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        if request.method == "POST":
            # Post/redirect/get: reloading the thank-you page must not send the request twice.
            return redirect(self.url + THANK_YOU_SLUG + "/")
        return super().render_landing_page(request, form_submission, *args, **kwargs)

    def process_form_submission(self, form):
        if self.honeypot and not self.passes_honeypot(form):
            return None
        # Saved first: whatever happens to the email, the request is kept. The email is queued only once the
        # request is committed, and sent outside the visitor's request (booking/tasks.py).
        submission = self.get_submission_class().objects.create(form_data=form.cleaned_data, page=self)
        if self.to_address:
            from .tasks import send_booking_notification

            transaction.on_commit(partial(send_booking_notification.enqueue, submission.pk))
        return submission

    # The form and its thank-you page show the crisis box beside the form, so the footer leaves it out.
    crisis_box_at_top = True

    def passes_honeypot(self, form):
        """wagtail-honeypot's check, but a dropped request is logged so false positives can be found."""
        name_field = getattr(settings, "HONEYPOT_NAME_FIELD", "whf_name")
        time_field = getattr(settings, "HONEYPOT_TIME_FIELD", "whf_time")
        if form.data.get(name_field, None) != "":
            reason = "the hidden field was filled in or missing"
        else:
            reason = form_time_problem(form.data.get(time_field))
            if reason is None:
                return True
        logger.warning("Booking page %s: dropped a request as spam because %s.", self.pk, reason)
        return False

    def notify(self, submission):
        admin_url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailforms:list_submissions", args=[self.pk])
        body = (
            f"A new consultation request (#{submission.pk}) arrived through {self.title}.\n\n"
            f"Read it in the admin (front desk sign-in required):\n{admin_url}\n\n"
            "This email deliberately contains none of the visitor's details."
        )
        try:
            send_mail(
                self.subject or "New consultation request",
                body,
                self.from_address or settings.DEFAULT_FROM_EMAIL,
                [address.strip() for address in self.to_address.split(",")],
            )
        except Exception:
            # The visitor still sees success; staff see "Notification not sent" in the request list.
            logger.exception("Consultation request #%s: the notification email could not be sent.", submission.pk)
            return
        type(submission).objects.filter(pk=submission.pk).update(notification_sent=True)
        submission.notification_sent = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["privacy_url"] = self.privacy_page.url if self.privacy_page_id and self.privacy_page else ""
        return context
