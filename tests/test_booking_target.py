"""Every "Book" button goes to one place: the clinic's external scheduler if set, else the booking page."""

import pytest
from bs4 import BeautifulSoup
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Page

from booking.models import BookingPage
from site_pages.blocks import CallToActionBlock, LinkBlock
from site_pages.models import ClinicSettings
from tests.factories import StandardPageFactory

SCHEDULER = "https://scheduler.example.com/clinic"


def cta(link):
    return [{"type": "cta", "value": {"heading": "Talk to us", "text": "", "link": link}}]


@pytest.fixture
def page_with_ctas(home, booking_page):
    about = StandardPageFactory(parent=home, slug="about", title="About us")
    return StandardPageFactory(
        parent=home,
        slug="ctas",
        body=cta({"label": "", "page": None, "external_url": ""})
        + cta({"label": "Book Now", "page": None, "external_url": ""})
        + cta({"label": "Meet us", "page": about.pk, "external_url": ""}),
    )


def book_buttons(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    header = soup.select_one(".site-header__book")
    return header and (header["href"], header.get_text()), [(a["href"], a.get_text()) for a in soup.select(".cta a")]


@pytest.mark.django_db
def test_visitor_book_buttons_lead_to_the_booking_page_when_no_scheduler_is_set(client, page_with_ctas):
    header, ctas = book_buttons(client, page_with_ctas)
    assert header == ("/book-a-consultation/", "Book a consultation")
    assert ctas == [
        ("/book-a-consultation/", "Book a consultation"),
        ("/book-a-consultation/", "Book Now"),
        ("/about/", "Meet us"),
    ]


@pytest.mark.django_db
def test_visitor_book_buttons_lead_to_the_clinics_external_scheduler(client, page_with_ctas):
    clinic = ClinicSettings.for_site(page_with_ctas.get_site())
    clinic.booking_link = [{"type": "link", "value": {"label": "Book online", "page": None, "external_url": SCHEDULER}}]
    clinic.save()
    header, ctas = book_buttons(client, page_with_ctas)
    assert header == (SCHEDULER, "Book online")
    assert ctas == [(SCHEDULER, "Book online"), (SCHEDULER, "Book Now"), ("/about/", "Meet us")]


@pytest.mark.django_db
def test_visitor_sees_no_dead_book_button_when_there_is_nowhere_to_book(client, home):
    page = StandardPageFactory(parent=home, slug="ctas", body=cta({"label": "", "page": None, "external_url": ""}))
    header, ctas = book_buttons(client, page)
    assert header is None and ctas == []


def test_editor_may_leave_the_call_to_action_link_empty_but_not_half_filled():
    link = CallToActionBlock().child_blocks["link"]
    assert not link.required
    assert link.clean(link.to_python({"label": "", "page": None, "external_url": ""}))["external_url"] == ""
    with pytest.raises(StructBlockValidationError) as error:
        link.clean(link.to_python({"label": "", "page": None, "external_url": SCHEDULER}))
    assert "label" in error.value.block_errors


@pytest.mark.django_db
def test_editor_cannot_give_a_link_both_a_page_and_a_url(home):
    for block in [LinkBlock(), LinkBlock(required=False)]:
        with pytest.raises(StructBlockValidationError) as error:
            block.clean(block.to_python({"label": "Go", "page": home.pk, "external_url": SCHEDULER}))
        assert "not both" in str(error.value.block_errors["page"])


def test_editor_must_fill_in_a_required_link():
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"label": "Go", "page": None, "external_url": ""}))


@pytest.mark.django_db
def test_visitor_is_never_sent_to_another_sites_booking_page(client, home):
    other_home = Page.get_first_root_node().add_child(instance=Page(title="Other clinic", slug="other"))
    other_home.add_child(instance=BookingPage(title="Book elsewhere", slug="book-elsewhere"))
    page = StandardPageFactory(parent=home, slug="ctas", body=cta({"label": "", "page": None, "external_url": ""}))
    header, ctas = book_buttons(client, page)
    assert header is None and ctas == []
