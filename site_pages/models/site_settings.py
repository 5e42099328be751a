"""Site-wide content that staff edit under Settings in the admin: no developer needed.

Templates read these through Wagtail's `settings` context processor, which loads each model at most
once per request.
"""

import re

from django.apps import apps
from django.db import models
from django.db.models import Subquery
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Site

from site_pages.blocks import INLINE_FEATURES, BookingTarget, LinkBlock, OpeningHoursBlock

DEFAULT_DISCLAIMER = (
    "<p>The information on this site is for education only. It is not medical advice and does not replace "
    "a consultation with a qualified clinician.</p>"
)
# Canada's national line, where the demo clinic is. A clinic in the United States writes instead:
# "988 Suicide & Crisis Lifeline: call or text 988, any time, day or night. In an emergency, call 911."
DEFAULT_CRISIS_TEXT = (
    "9-8-8 Suicide Crisis Helpline: call or text 9-8-8, any time, day or night. "
    "In an emergency, call 911 or go to your nearest emergency department."
)


def single_link(**kwargs):
    return StreamField([("link", LinkBlock())], blank=True, max_num=1, **kwargs)


def first_link(stream):
    return stream[0].value if stream else None


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    """The clinic's name, contact details, booking target, disclaimer and crisis support text."""

    clinic_name = models.CharField(max_length=120, default="Clearwater Mind Clinic")
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    phone = models.CharField(max_length=30, default="(204) 555-0123", help_text="As visitors should read it.")
    email = models.EmailField(default="hello@example.com")
    street_address = models.CharField(max_length=200, default="100 Example Street, Suite 200")
    locality = models.CharField("City", max_length=100, default="Winnipeg")
    region = models.CharField("Province or state", max_length=100, default="MB")
    postal_code = models.CharField(max_length=20, default="R3C 0A1")
    country = models.CharField(max_length=2, default="CA", help_text="Two-letter country code, e.g. CA or US.")
    opening_hours = StreamField([("hours", OpeningHoursBlock())], blank=True)
    booking_link = single_link(
        help_text=(
            "Where every “Book” button goes: an external scheduler, or leave empty for the "
            "“Book a consultation” page on this site."
        )
    )
    social_links = StreamField(
        [("link", LinkBlock())], blank=True, help_text="Profiles on other sites, e.g. label “Instagram” and its URL."
    )
    medical_disclaimer = RichTextField(features=INLINE_FEATURES, default=DEFAULT_DISCLAIMER)
    crisis_heading = models.CharField(max_length=120, default="Need help right now?")
    crisis_text = models.TextField(max_length=400, default=DEFAULT_CRISIS_TEXT)
    crisis_phone = models.CharField(
        max_length=20,
        default="9-8-8",
        help_text="The number to call or text in a crisis, as people read it; shown as a tap-to-call link.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("clinic_name"), FieldPanel("logo")], heading="Clinic"),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("street_address"),
                FieldPanel("locality"),
                FieldPanel("region"),
                FieldPanel("postal_code"),
                FieldPanel("country"),
                FieldPanel("opening_hours"),
            ],
            heading="Contact details",
        ),
        FieldPanel("booking_link"),
        FieldPanel("social_links"),
        FieldPanel("medical_disclaimer"),
        MultiFieldPanel(
            [FieldPanel("crisis_heading"), FieldPanel("crisis_text"), FieldPanel("crisis_phone")],
            heading="Crisis support",
        ),
    ]

    class Meta:
        verbose_name = "Clinic settings"

    @property
    def phone_href(self):
        digits = re.sub(r"\D", "", self.phone)
        # North American numbers are written without the country code; tel: links need it.
        return f"tel:+1{digits}" if len(digits) == 10 else f"tel:{digits}"

    @property
    def crisis_phone_href(self):
        return f"tel:{re.sub(r'[^0-9+]', '', self.crisis_phone)}"

    @cached_property
    def booking(self):
        """Where every "Book" button goes: the link staff set, else this site's live booking page."""
        link = first_link(self.booking_link)
        if link and link.url:
            return link
        site_root_path = Site.objects.filter(pk=self.site_id).values("root_page__path")
        booking_pages = apps.get_model("booking", "BookingPage").objects.live()
        booking_page = booking_pages.filter(path__startswith=Subquery(site_root_path)).order_by("path").first()
        return BookingTarget(booking_page.url, "Book now") if booking_page else None


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The header menu and the footer links, in the order editors set."""

    header_links = StreamField([("link", LinkBlock())], blank=True)
    footer_links = StreamField([("link", LinkBlock())], blank=True)

    panels = [FieldPanel("header_links"), FieldPanel("footer_links")]

    class Meta:
        verbose_name = "Navigation"


@register_setting(icon="warning")
class SiteNotice(BaseSiteSetting):
    """A banner across the top of every page, for closures and announcements. Off unless switched on."""

    enabled = models.BooleanField("Show the notice", default=False)
    text = models.CharField(max_length=200, blank=True)
    tone = models.CharField(max_length=10, choices=[("info", "Information"), ("caution", "Caution")], default="info")
    link = single_link()

    panels = [FieldPanel("enabled"), FieldPanel("text"), FieldPanel("tone"), FieldPanel("link")]

    class Meta:
        verbose_name = "Site notice"

    @property
    def is_shown(self):
        return self.enabled and bool(self.text)

    @property
    def link_value(self):
        return first_link(self.link)
