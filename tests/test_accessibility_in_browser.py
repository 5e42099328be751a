"""Every visitor, on a phone or a desktop, with a screen reader or a keyboard alone (Playwright, Chromium, axe)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = {
    "home": "/",
    "blog index": "/blog/",
    "guide": "/blog/is-ketamine-therapy-right-for-me/",
    "topic": "/blog/topic/ketamine-therapy/",
    "search results": "/search/?q=ketamine",
    "404": "/no-such-page/",
}
WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violations_on_the_main_pages(browser_page, live_demo, axe, width):
    page = browser_page
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    found = {}
    for name, path in PAGES.items():
        response = page.goto(live_demo + path)
        assert response.status == (404 if name == "404" else 200), name
        page.snap(f"{width}-{name.replace(' ', '-')}")
        if violations := axe(page):
            found[name] = violations
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls sideways"
    assert not found, "\n".join(
        f"{name}: [{v['impact']}] {v['id']}: {v['help']} at {', '.join(v['nodes'][:3])}"
        for name, violations in found.items()
        for v in violations
    )


def test_pages_reflow_at_320_px_without_sideways_scrolling(browser_page, live_demo):
    """320 CSS px is a 1280 px window at 400% zoom (WCAG 1.4.10)."""
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    for name, path in PAGES.items():
        page.goto(live_demo + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name


def test_axe_harness_reports_a_known_violation(browser_page, axe):
    """Zero violations above means something only if axe really runs: here it must catch an image without alt."""
    browser_page.set_content("<!DOCTYPE html><html lang='en'><title>t</title><main><img src='x.png'></main></html>")
    assert "image-alt" in {v["id"] for v in axe(browser_page)}


def tab_until(page, predicate, limit=40):
    """Press Tab until `predicate` (JS, given the focused element) holds; returns what was focused on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.textContent.trim() || document.activeElement.tagName"))
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return seen
    pytest.fail(f"not reached after {limit} presses of Tab; focus went through {seen}")


def focus_is_visible(page):
    return page.evaluate(
        """(() => {
            const style = getComputedStyle(document.activeElement);
            return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
        })()"""
    )


def test_keyboard_user_reaches_the_booking_link(browser_page, live_demo):
    page = browser_page
    page.goto(live_demo + PAGES["guide"])
    tab_until(page, "el.textContent.trim() === 'Book a consultation'")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/book-a-consultation/"
    assert focus_is_visible(page)
    page.snap("book-now-focused")


def test_keyboard_user_reaches_the_crisis_box_near_the_top_of_the_guide(browser_page, live_demo):
    page = browser_page
    page.goto(live_demo + PAGES["guide"])
    seen = tab_until(page, "el.closest('main .crisis-box') !== null")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "tel:988"
    assert "In this guide" not in seen and len(seen) < 20, "before the contents and the article"
    assert focus_is_visible(page)
    page.snap("crisis-box-focused")


@pytest.mark.parametrize("path", [PAGES["home"], PAGES["blog index"], PAGES["404"]])
def test_keyboard_user_jumps_from_get_help_now_to_the_crisis_box(browser_page, live_demo, path):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_demo + path)
    tab_until(page, "el.textContent.trim() === 'Get help now'")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**#crisis-support")
    # Scrolled into view (smoothly, unless the visitor asked for reduced motion).
    # Playwright's own in-viewport check: a string predicate would need `unsafe-eval`, which the CSP refuses.
    expect(page.locator("#crisis-support")).to_be_in_viewport()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#crisis-support') !== null"), "Tab continues inside the box"
    assert page.evaluate("document.activeElement.getAttribute('href')") == "tel:988"
    page.snap("crisis-support-reached")


def test_guide_and_its_checklist_print_without_navigation_and_with_links_spelled_out(browser_page, live_demo):
    page = browser_page
    page.goto(live_demo + PAGES["guide"])
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """["header.site-header", ".toc", ".skip-link", ".related", ".cta .button"].map(
            s => [...document.querySelectorAll(s)].every(el => getComputedStyle(el).display === "none"))"""
    )
    assert all(hidden), hidden
    assert page.locator("h1").is_visible()
    assert page.locator(".checklist").is_visible()
    assert page.locator(".checklist__item").count() == 4
    assert page.locator("main .crisis-box").is_visible() and page.locator("#crisis-support").is_visible()
    link = "main .rich-text a[href^='/'], main .rich-text a[href^='http'], footer a[href^='/']"
    shown = page.evaluate(f"getComputedStyle(document.querySelector(\"{link}\"), '::after').content")
    assert shown.startswith('" (') and ")" in shown, shown
    page.snap("printed")
