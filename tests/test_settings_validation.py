"""Settings refuse what would break the site: undialable phone numbers, bad addresses, an empty notice."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from site_pages.models import ClinicSettings, SiteNotice
from site_pages.models.site_settings import normalise_phone, phone_digits


@pytest.mark.parametrize(
    ("typed", "dials", "shown"),
    [
        ("(204) 555-0123", "+12045550123", "(204) 555-0123"),
        ("204.555.0123", "+12045550123", "(204) 555-0123"),
        ("1-204-555-0123", "+12045550123", "(204) 555-0123"),
        ("+44 20  7946 0000", "+442079460000", "+44 20 7946 0000"),
    ],
)
def test_staff_type_a_phone_number_any_usual_way_and_it_dials(typed, dials, shown):
    assert phone_digits(typed) == dials
    assert normalise_phone(typed) == shown


@pytest.mark.parametrize("typed", ["call us!!", "555-0123", "", "+1", "(204) 555-0123 ext. 4", "2045550123456789"])
def test_a_phone_number_that_dials_nowhere_is_refused(typed):
    assert phone_digits(typed) is None


@pytest.mark.django_db
def test_staff_cannot_save_nonsense_in_clinic_settings(home):
    clinic = ClinicSettings.for_site(home.get_site())
    clinic.phone, clinic.email, clinic.crisis_phone, clinic.country = "call us!!", "not-an-email", "help!", "Canada"
    with pytest.raises(ValidationError) as refused:
        clinic.full_clean()
    assert set(refused.value.message_dict) == {"phone", "email", "crisis_phone", "country"}
    assert "Enter a phone number people can dial" in refused.value.message_dict["phone"][0]


@pytest.mark.django_db
def test_staff_save_a_phone_number_in_the_admin_and_every_tel_link_works(admin_client, home):
    site = home.get_site()
    url = reverse("wagtailsettings:edit", args=["site_pages", "clinicsettings", site.pk])
    form = admin_client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and not hasattr(value, "raw_data")}
    data.update(
        {
            "phone": "204.555.0199",
            "medical_disclaimer": '{"blocks":[{"key":"a","text":"Education only.","type":"unstyled",'
            '"depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            "opening_hours-count": "0",
            "booking_link-count": "0",
            "social_links-count": "0",
            "logo": "",
        }
    )
    bad = admin_client.post(url, {**data, "phone": "call us!!"})
    assert bad.status_code == 200 and "Enter a phone number people can dial" in bad.content.decode()
    assert ClinicSettings.for_site(site).phone != "call us!!"

    admin_client.post(url, data)
    clinic = ClinicSettings.objects.get(site=site)
    assert clinic.phone == "(204) 555-0199" and clinic.phone_href == "tel:+12045550199"


@pytest.mark.django_db
def test_the_site_notice_cannot_be_switched_on_without_text(home):
    notice = SiteNotice.for_site(home.get_site())
    notice.enabled, notice.text = True, "   "
    with pytest.raises(ValidationError) as refused:
        notice.full_clean()
    assert "Write what the notice should say" in refused.value.message_dict["text"][0]


@pytest.mark.django_db
def test_the_site_notice_end_must_follow_its_start(home):
    notice = SiteNotice.for_site(home.get_site())
    now = timezone.now()
    notice.enabled, notice.text, notice.starts_at, notice.ends_at = True, "Closed", now, now - datetime.timedelta(1)
    with pytest.raises(ValidationError) as refused:
        notice.full_clean()
    assert refused.value.message_dict["ends_at"] == ["Choose a “Show until” time after “Show from”, or leave it empty."]


@pytest.mark.django_db
def test_visitor_sees_a_scheduled_notice_only_between_its_start_and_end(client, home):
    notice = SiteNotice.for_site(home.get_site())
    now = timezone.now()
    notice.enabled, notice.text = True, "Closed for the holiday"
    notice.starts_at, notice.ends_at = now + datetime.timedelta(hours=1), now + datetime.timedelta(days=1)
    notice.save()
    assert "Closed for the holiday" not in client.get("/").content.decode(), "not yet"
    notice.starts_at = now - datetime.timedelta(hours=1)
    notice.save()
    assert "Closed for the holiday" in client.get("/").content.decode(), "now showing"
    notice.ends_at = now - datetime.timedelta(minutes=1)
    notice.save()
    assert "Closed for the holiday" not in client.get("/").content.decode(), "over"
