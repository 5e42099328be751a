"""Site-wide content that staff edit under Settings in the admin: no developer needed.

Templates read these through Wagtail's `settings` context processor, which loads each model at most
once per request.
"""

import math
import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Subquery
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Site

from serving.settings_cache import CachedSiteSettingMixin
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


# --- Phone numbers -------------------------------------------------------------------------------
# Every header and footer turns these into tel: links, so a number that dials nowhere is refused on save.
PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+$")


def phone_digits(number):
    """The digits a phone dials, in E.164 form (+12045550123), or None when the text is not a phone number.

    Ten digits are a North American number written without its country code; "+" numbers are taken as
    international (8 to 15 digits, E.164's limit).
    """
    number = (number or "").strip()
    if not PHONE_CHARACTERS.match(number):
        return None
    digits = re.sub(r"\D", "", number)
    if number.startswith("+"):
        return f"+{digits}" if 8 <= len(digits) <= 15 else None
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return f"+1{digits}" if len(digits) == 10 else None


def validate_phone(number):
    if phone_digits(number) is None:
        raise ValidationError(
            "Enter a phone number people can dial, e.g. (204) 555-0123 or +44 20 7946 0000.", code="invalid_phone"
        )


def normalise_phone(number):
    """A valid number as visitors should read it: North American numbers as (204) 555-0123."""
    e164 = phone_digits(number)
    if e164 and e164.startswith("+1") and len(e164) == 12:
        return f"({e164[2:5]}) {e164[5:8]}-{e164[8:]}"
    return " ".join(number.split())


def validate_crisis_phone(number):
    """Crisis lines are short codes (9-8-8, 911) or full phone numbers."""
    short_code = PHONE_CHARACTERS.match(number or "") and 3 <= len(re.sub(r"\D", "", number)) <= 6
    if not short_code and phone_digits(number) is None:
        raise ValidationError(
            "Enter the number to call or text, e.g. 9-8-8, or a full phone number.", code="invalid_phone"
        )


def single_link(**kwargs):
    return StreamField([("link", LinkBlock())], blank=True, max_num=1, **kwargs)


def first_link(stream):
    return stream[0].value if stream else None


@register_setting(icon="site")
class ClinicSettings(CachedSiteSettingMixin, BaseSiteSetting):
    """The clinic's name, contact details, booking target, disclaimer and crisis support text."""

    clinic_name = models.CharField(
        max_length=120,
        default="Clearwater Mind Clinic",
        help_text="Shown in the header, in page titles and to search engines.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. Shown in the header in place of the clinic's name; a wide logo works best.",
    )
    phone = models.CharField(
        max_length=30,
        default="(204) 555-0123",
        validators=[validate_phone],
        help_text="As visitors should read it, e.g. (204) 555-0123. Numbers outside North America start with +.",
    )
    email = models.EmailField(
        default="hello@example.com", help_text="The address visitors may write to, shown in the footer."
    )
    street_address = models.CharField(
        max_length=200,
        default="100 Example Street, Suite 200",
        help_text="Street, number and suite, e.g. “100 Example Street, Suite 200”.",
    )
    locality = models.CharField("City", max_length=100, default="Winnipeg", help_text="e.g. Winnipeg.")
    region = models.CharField(
        "Province or state", max_length=100, default="MB", help_text="As on an envelope, e.g. MB or Manitoba."
    )
    postal_code = models.CharField(
        max_length=20, default="R3C 0A1", help_text="Postal or ZIP code, e.g. R3C 0A1 or 10001."
    )
    country = models.CharField(
        max_length=2,
        default="CA",
        validators=[RegexValidator(r"^[A-Z]{2}$", "Enter a two-letter country code in capitals, e.g. CA or US.")],
        help_text="Two-letter country code, e.g. CA or US.",
    )
    # Map position for search engines' local results (MedicalClinic "geo"); left out while empty.
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, help_text="e.g. 49.895100 (from a map service)."
    )
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True, help_text="e.g. -97.138400")
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
    medical_disclaimer = RichTextField(
        features=INLINE_FEATURES,
        default=DEFAULT_DISCLAIMER,
        help_text="Shown in every page's footer: that the site informs and does not replace a consultation.",
    )
    crisis_heading = models.CharField(
        max_length=120,
        default="Need help right now?",
        help_text="The crisis box's heading, shown on every page, e.g. “Need help right now?”.",
    )
    crisis_text = models.TextField(
        max_length=400,
        default=DEFAULT_CRISIS_TEXT,
        help_text="Who to call or text in a crisis and what to do in an emergency, in your country's words.",
    )
    crisis_phone = models.CharField(
        max_length=20,
        default="9-8-8",
        validators=[validate_crisis_phone],
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
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel(
                    "opening_hours",
                    help_text="Add a row for each set of days with the same hours; leave out the days you are closed.",
                ),
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

    def clean(self):
        super().clean()
        if phone_digits(self.phone):
            self.phone = normalise_phone(self.phone)

    @property
    def phone_href(self):
        # Numbers saved before validation existed may not parse; their digits are the best link left.
        return f"tel:{phone_digits(self.phone) or re.sub(r'[^0-9+]', '', self.phone)}"

    @property
    def crisis_phone_href(self):
        return f"tel:{re.sub(r'[^0-9+]', '', self.crisis_phone)}"

    @property
    def crisis_sms_href(self):
        return f"sms:{re.sub(r'[^0-9+]', '', self.crisis_phone)}"

    @cached_property
    def booking(self):
        """Where every "Book" button goes: the link staff set, else this site's live booking page."""
        link = first_link(self.booking_link)
        if link and link.url:
            return link
        site_root_path = Site.objects.filter(pk=self.site_id).values("root_page__path")
        booking_pages = apps.get_model("booking", "BookingPage").objects.live()
        booking_page = booking_pages.filter(path__startswith=Subquery(site_root_path)).order_by("path").first()
        return BookingTarget(booking_page.url, "Book a consultation") if booking_page else None

    def prepare_for_cache(self):
        # The booking target costs two queries; kept as a plain URL and text (a LinkValue cannot pickle).
        target = self.booking
        self.__dict__["booking"] = BookingTarget(target.url, target.text) if target else None


@register_setting(icon="list-ul")
class NavigationSettings(CachedSiteSettingMixin, BaseSiteSetting):
    """The header menu and the footer links, in the order editors set."""

    header_links = StreamField([("link", LinkBlock())], blank=True)
    footer_links = StreamField([("link", LinkBlock())], blank=True)

    # Help for StreamFields sits on their panels, so that rewording it needs no migration of the link blocks.
    panels = [
        FieldPanel("header_links", help_text="The menu across the top of every page, in this order. Keep it short."),
        FieldPanel("footer_links", help_text="Links at the foot of every page, e.g. Privacy policy and Contact."),
    ]

    class Meta:
        verbose_name = "Navigation"


@register_setting(icon="warning")
class SiteNotice(CachedSiteSettingMixin, BaseSiteSetting):
    """A banner across the top of every page, for closures and announcements. Off unless switched on."""

    enabled = models.BooleanField(
        "Show the notice",
        default=False,
        help_text="Tick to show the banner on every page (between the times below, if you set them).",
    )
    text = models.CharField(max_length=200, blank=True, help_text="What the banner says, in one or two sentences.")
    tone = models.CharField(
        max_length=10,
        choices=[("info", "Information"), ("caution", "Caution")],
        default="info",
        help_text="“Caution” shows the banner in a warning colour, e.g. for a closure.",
    )
    link = single_link()
    starts_at = models.DateTimeField(
        "Show from", null=True, blank=True, help_text="Optional. Leave empty to show it as soon as it is saved."
    )
    ends_at = models.DateTimeField(
        "Show until", null=True, blank=True, help_text="Optional. Leave empty to show it until you switch it off."
    )

    panels = [
        FieldPanel("enabled"),
        FieldPanel("text"),
        FieldPanel("tone"),
        FieldPanel("link", help_text="Optional. One link for people who want the details, e.g. to a page."),
        MultiFieldPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading="When"),
    ]

    class Meta:
        verbose_name = "Site notice"

    def clean(self):
        super().clean()
        errors = {}
        if self.enabled and not self.text.strip():
            errors["text"] = "Write what the notice should say, or untick “Show the notice”."
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "Choose a “Show until” time after “Show from”, or leave it empty."
        if errors:
            raise ValidationError(errors)

    def seconds_until_change(self):
        """Seconds until the banner appears or disappears by itself (its start or end time), or None."""
        if not (self.enabled and self.text.strip()):
            return None
        now = timezone.now()
        upcoming = [moment for moment in (self.starts_at, self.ends_at) if moment and moment > now]
        return math.ceil((min(upcoming) - now).total_seconds()) if upcoming else None

    @property
    def is_shown(self):
        now = timezone.now()
        return (
            self.enabled
            and bool(self.text.strip())
            and (self.starts_at is None or self.starts_at <= now)
            and (self.ends_at is None or now < self.ends_at)
        )

    @property
    def link_value(self):
        return first_link(self.link)
