"""Staff change site-wide content in Settings; every page follows without a developer."""

import pytest
from bs4 import BeautifulSoup

from site_pages.models import ClinicSettings, NavigationSettings, SiteNotice


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_staff_change_the_phone_number_and_header_footer_and_contact_page_follow(client, demo_site):
    clinic = ClinicSettings.for_site(demo_site)
    clinic.phone = "(204) 555-0199"
    clinic.save()
    for url in ["/", "/blog/is-ketamine-therapy-right-for-me/"]:
        soup = soup_of(client, url)
        assert soup.select_one(".site-header__phone")["href"] == "tel:+12045550199"
        assert "(204) 555-0199" in soup.select_one("footer").get_text()
    contact = soup_of(client, "/contact/")
    assert "(204) 555-0199" in contact.select_one(".contact-details").get_text()
    assert "555-0123" not in contact.get_text()


@pytest.mark.django_db
def test_footer_shows_the_medical_disclaimer_and_crisis_line_from_settings(client, demo_site):
    clinic = ClinicSettings.for_site(demo_site)
    clinic.medical_disclaimer = "<p>Reviewed by our clinicians; not a substitute for care.</p>"
    clinic.crisis_heading = "Urgent help"
    clinic.save()
    footer = soup_of(client, "/about/").select_one("footer")
    assert "Reviewed by our clinicians; not a substitute for care." in footer.get_text()
    assert footer.select_one("#crisis-support h2").get_text() == "Urgent help"
    assert footer.select_one("a[href='tel:988']")


@pytest.mark.django_db
def test_staff_reorder_and_relabel_the_header_menu(client, demo_site):
    navigation = NavigationSettings.for_site(demo_site)
    links = navigation.header_links.raw_data
    navigation.header_links = [
        links[3],
        {
            "type": "link",
            "value": {"label": "Patient portal", "page": None, "external_url": "https://portal.example.com"},
        },
    ]
    navigation.save()
    menu = [(a.get_text(), a["href"]) for a in soup_of(client, "/").select(".site-nav a")]
    assert menu == [("Contact", "/contact/"), ("Patient portal", "https://portal.example.com")]


@pytest.mark.django_db
def test_staff_switch_the_site_notice_on_and_off(client, demo_site):
    assert not soup_of(client, "/").select_one(".site-notice")
    notice = SiteNotice.for_site(demo_site)
    notice.enabled, notice.text, notice.tone = True, "We are closed on Monday for the holiday.", "caution"
    notice.save()
    banner = soup_of(client, "/about/").select_one(".site-notice--caution")
    assert "closed on Monday" in banner.get_text()
    notice.enabled = False
    notice.save()
    assert not soup_of(client, "/about/").select_one(".site-notice")


@pytest.mark.django_db
def test_booking_button_follows_the_booking_target_in_settings(client, demo_site):
    clinic = ClinicSettings.for_site(demo_site)
    clinic.booking_link = [
        {"type": "link", "value": {"label": "Book online", "page": None, "external_url": "https://book.example.com/"}}
    ]
    clinic.save()
    button = soup_of(client, "/").select_one(".site-header__book")
    assert (button.get_text(), button["href"]) == ("Book online", "https://book.example.com/")


@pytest.mark.django_db
def test_guide_shows_its_authors_and_medical_reviewer(client, demo_site):
    byline = soup_of(client, "/blog/is-ketamine-therapy-right-for-me/").select_one(".byline").get_text(" ", strip=True)
    assert "By Jordan Reyes, RN" in byline
    assert "Medically reviewed by Maya Ellison, MD, FRCPC" in byline
    assert "October 14, 2026" in byline
