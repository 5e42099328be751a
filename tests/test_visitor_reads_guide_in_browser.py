"""A visitor on a phone reads the guide in a real browser (Playwright driving Debian's Chromium)."""

import pytest

# Browser tests need committed data the live server's thread can see; serialized_rollback restores the
# rows migrations create (root page, locale) after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_visitor_on_a_phone_jumps_from_the_contents_to_a_section(browser_page, live_demo):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_demo}/blog/is-ketamine-therapy-right-for-me/")
    page.snap("guide-top")
    assert page.locator("h1").inner_text() == "Is ketamine therapy right for me?"
    page.get_by_role("link", name="Questions to ask before starting").click()
    heading = page.get_by_role("heading", name="Questions to ask before starting", level=2)
    page.wait_for_url("**#questions-to-ask-before-starting")
    assert heading.is_visible()
    page.snap("questions-section")
    # No horizontal scrolling at phone width.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_visitor_in_crisis_finds_the_helpline_on_the_guide(browser_page, live_demo):
    page = browser_page
    page.goto(f"{live_demo}/blog/is-ketamine-therapy-right-for-me/")
    # One designed crisis box, near the top of a guide that touches on suicidal thoughts, not one per block.
    box = page.locator("main .crisis-box")
    assert box.count() == 1 and box.is_visible()
    assert "9-8-8" in box.inner_text()
    assert page.locator("a[href='tel:988']").count() == 1
    page.snap("crisis-box")
