"""Site managers see on the dashboard what the demo left for them to change before launch."""

import pytest
from bs4 import BeautifulSoup

from booking.models import BookingPage
from site_pages.models import ClinicSettings


def checklist(client):
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = soup.find(id="go-live-heading").find_parent("section")
    return panel.find("h2").get_text(), {
        item.find("a").get_text(): item.find("strong").get_text() for item in panel.select(".go-live__item")
    }


@pytest.mark.django_db
def test_site_manager_sees_what_the_demo_left_to_change(admin_client, demo_site):
    heading, items = checklist(admin_client)
    assert heading == "Before you go live (4 to do)"
    assert set(items) == {
        "Clinic contact details",
        "Privacy policy reviewed",
        "Site host name",
        "Email that reaches the front desk",
    }
    assert set(items.values()) == {"To do:"}


@pytest.mark.django_db
def test_site_manager_ticks_items_off_by_changing_the_real_thing(admin_client, demo_site, settings):
    clinic = ClinicSettings.for_site(demo_site)
    clinic.phone, clinic.street_address, clinic.email = "(204) 555-7788", "12 Main Street", "hello@clearwater.ca"
    clinic.save()
    privacy = BookingPage.objects.get().privacy_page.specific
    privacy.save_revision().publish()
    demo_site.hostname = "clearwater.ca"
    demo_site.save()
    heading, items = checklist(admin_client)
    assert items["Clinic contact details"] == items["Privacy policy reviewed"] == items["Site host name"] == "✓ Done:"
    assert items["Email that reaches the front desk"] == "To do:"
    assert heading == "Before you go live (1 to do)"


@pytest.mark.django_db
def test_editor_without_settings_access_does_not_see_the_checklist(client, django_user_model, demo_site):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor", password="password")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert b"go-live-heading" not in client.get("/admin/").content
