"""A visitor on a phone goes from the guide's "Book a consultation" to a sent request, in a real browser."""

import pytest

from booking.models import BookingSubmission

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_visitor_on_a_phone_books_from_the_guide_after_fixing_a_mistake(browser_page, live_demo, settings):
    settings.HONEYPOT_TIME_INTERVAL = -1  # a script types faster than the honeypot lets a person
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_demo}/blog/is-ketamine-therapy-right-for-me/")

    book_now = page.locator(".cta a.button", has_text="Book a consultation")
    book_now.scroll_into_view_if_needed()
    # Far down the guide, the header's "Book a consultation" is still on screen.
    assert page.locator(".site-header__book").is_visible()
    assert page.evaluate("document.querySelector('.site-header__book').getBoundingClientRect().bottom <= innerHeight")
    page.snap("guide-end-with-book-bar")
    book_now.click()
    page.wait_for_url("**/book-a-consultation/")
    assert page.locator("h1").inner_text() == "Book a consultation"

    page.get_by_label("Your name").fill("Alex Doe")
    page.get_by_role("textbox", name="Email").fill("alex@")
    page.get_by_label("Phone (optional)").fill("204 555 0199")
    page.get_by_role("radio", name="Phone").check()
    page.get_by_label("Weekday mornings").check()
    page.get_by_label("Which service are you asking about?").select_option("Psychiatry")
    page.get_by_label("Message (optional)").fill("Please avoid Mondays.")
    page.get_by_label("I agree that the clinic may store").check()
    page.snap("form-filled-with-a-typo")
    page.get_by_role("button", name="Send my request").click()

    summary = page.get_by_role("alert")
    assert "problem" in summary.inner_text() and "Email" in summary.inner_text()
    page.snap("error-summary")
    assert page.get_by_label("Your name").input_value() == "Alex Doe"
    assert page.get_by_label("Message (optional)").input_value() == "Please avoid Mondays."
    assert page.get_by_role("radio", name="Phone").is_checked()
    assert page.get_by_label("Which service are you asking about?").input_value() == "Psychiatry"
    summary.get_by_role("link").first.click()
    email = page.get_by_role("textbox", name="Email")
    assert email.evaluate("element => element === document.activeElement")
    assert email.get_attribute("aria-invalid") == "true"
    email.fill("alex@example.org")
    assert page.get_by_label("I agree that the clinic may store").is_checked()
    page.get_by_role("button", name="Send my request").click()

    page.wait_for_url("**/book-a-consultation/thank-you/")
    assert "Thank you" in page.locator("h1").inner_text()
    assert page.locator("main a[href='tel:988']").is_visible()
    page.snap("thank-you")
    request = BookingSubmission.objects.get()
    assert request.form_data["email"] == "alex@example.org"
    assert request.form_data["which_service_are_you_asking_about"] == "Psychiatry"
