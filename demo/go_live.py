"""The "Before you go live" checklist on the admin dashboard: what the demo content left for the clinic.

Each item is ticked from the live data, not by hand: it stays open while the demo's placeholder is there.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from wagtail.admin.ui.components import Component

from booking.models import BookingPage
from site_pages.models import ClinicSettings

# What the demo ships with; a real clinic replaces each of them.
PLACEHOLDER_PHONE = "(204) 555-0123"
PLACEHOLDER_STREET = "100 Example Street, Suite 200"
PLACEHOLDER_DOMAINS = ("example.com", "example.org")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
DEVELOPMENT_EMAIL_BACKENDS = ("console", "locmem", "dummy", "filebased")


@dataclass
class Item:
    label: str
    done: bool
    how: str
    url: str = ""


def is_placeholder_address(address):
    return not address or address.rsplit("@", 1)[-1].lower() in PLACEHOLDER_DOMAINS


def checklist(site):
    clinic = ClinicSettings.for_site(site)
    booking = BookingPage.objects.filter(path__startswith=site.root_page.path).select_related("privacy_page").first()
    privacy = booking.privacy_page if booking else None
    settings_url = reverse("wagtailsettings:edit", args=["site_pages", "clinicsettings", site.pk])
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    return [
        Item(
            "Clinic contact details",
            clinic.phone != PLACEHOLDER_PHONE
            and clinic.street_address != PLACEHOLDER_STREET
            and not is_placeholder_address(clinic.email),
            "Enter the clinic's real phone, street address and email in Clinic settings.",
            settings_url,
        ),
        Item(
            "Privacy policy reviewed",
            bool(privacy and privacy.live and privacy.revisions.count() > 1),
            "Edit the privacy policy with your privacy officer or lawyer and publish it (the demo text is an example).",
            reverse("wagtailadmin_pages:edit", args=[privacy.pk]) if privacy else "",
        ),
        Item(
            "Site host name",
            site.hostname not in LOCAL_HOSTS,
            "Set SITE_URL (or Settings > Sites) to the public address, e.g. clinic.example.ca.",
            reverse("wagtailsites:edit", args=[site.pk]),
        ),
        Item(
            "Email that reaches the front desk",
            backend not in DEVELOPMENT_EMAIL_BACKENDS
            and not is_placeholder_address(settings.DEFAULT_FROM_EMAIL)
            and bool(booking and not is_placeholder_address(booking.to_address.split(",")[0].strip())),
            "Configure EMAIL_BACKEND and DEFAULT_FROM_EMAIL, and the booking page's notification address.",
            reverse("wagtailadmin_pages:edit", args=[booking.pk]) if booking else "",
        ),
    ]


class GoLivePanel(Component):
    name = "go_live"
    template_name = "demo/go_live_panel.html"
    order = 50

    def __init__(self, site):
        self.items = checklist(site)

    def get_context_data(self, parent_context=None):
        return {"items": self.items, "remaining": sum(not item.done for item in self.items)}
