"""What a person sees in Chromium: fields they can fill and tap, a crisis box that stands out, one-row chrome.

Computed sizes and positions, not markup: these are the facts a stylesheet left broken hides while every
server-side test still passes.
"""

import pytest

from booking.models import BookingSubmission

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

GUIDE = "/blog/is-ketamine-therapy-right-for-me/"
BOOKING = "/book-a-consultation/"

# Every control a person can see on the page, as Chromium lays it out (zero-size or hidden ones excluded).
CONTROLS = "main input, main select, main textarea, main button"
VISIBLE_CONTROLS = f"""() => [...document.querySelectorAll('{CONTROLS}')]
    .map((el, index) => ({{el, index}}))
    .filter(({{el}}) => el.type !== 'hidden' && el.getClientRects().length
                        && getComputedStyle(el).visibility !== 'hidden')
    .map(({{el, index}}) => ({{index, name: el.name, type: el.type, tag: el.tagName.toLowerCase(),
                             height: el.getBoundingClientRect().height,
                             fontSize: parseFloat(getComputedStyle(el).fontSize)}}))"""


def test_visitor_on_a_phone_fills_every_field_they_can_see_and_the_request_is_stored(browser_page, live_demo, settings):
    settings.HONEYPOT_TIME_INTERVAL = -1  # a script types faster than the honeypot lets a person
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_demo + BOOKING)
    controls = page.evaluate(VISIBLE_CONTROLS)
    assert "whf_name" not in {control["name"] for control in controls}, "the spam trap is visible"
    for control in controls:
        field = page.locator(CONTROLS).nth(control["index"])
        if control["type"] in ("text", "textarea"):
            field.fill("Alex Doe" if control["type"] == "text" else "Mornings suit me.")
        elif control["type"] == "email":
            field.fill("alex@example.org")
        elif control["type"] == "tel":
            field.fill("204 555 0199")
        elif control["type"] in ("radio", "checkbox"):
            field.check()
        elif control["tag"] == "select":
            field.select_option(index=1)
    page.snap("every-visible-field-filled")
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_url("**/thank-you/")
    assert BookingSubmission.objects.count() == 1, "a request sent by a person is stored, not dropped as spam"


@pytest.mark.parametrize("path", [BOOKING, "/search/?query=ketamine"])
def test_visitor_on_a_phone_taps_and_reads_form_controls_without_zooming(browser_page, live_demo, path):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_demo + path)
    controls = page.evaluate(VISIBLE_CONTROLS)
    assert controls
    for control in controls:
        if control["type"] in ("radio", "checkbox"):
            # The box itself is smaller; its label row is the tap target.
            row = page.locator(CONTROLS).nth(control["index"]).locator("xpath=..")
            assert row.bounding_box()["height"] >= 44, control
        else:
            assert control["height"] >= 44, control
            # iOS zooms into any field with text under 16 px.
            assert control["fontSize"] >= 16, control


def test_visitor_on_a_phone_taps_header_and_footer_links_easily(browser_page, live_demo):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_demo + GUIDE)
    heights = page.evaluate(
        """() => [...document.querySelectorAll('.site-header a, .site-footer nav a, .crisis-box a')]
            .filter(a => a.getClientRects().length)
            .map(a => [a.textContent.trim(), a.getBoundingClientRect().height])"""
    )
    assert heights
    assert [text for text, height in heights if height < 44] == []


def test_visitor_sees_the_crisis_box_stand_out_from_the_page(browser_page, live_demo):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_demo + GUIDE)
    assert page.locator(".crisis-box").count() == 1, "one crisis box a page"
    page.get_by_role("link", name="Get help now").click()
    box = page.locator("#crisis-support")
    assert box.is_visible() and box.evaluate("el => el.getBoundingClientRect().top < innerHeight")
    look = box.evaluate(
        """el => {
            const box = getComputedStyle(el), body = getComputedStyle(document.body);
            return {background: box.backgroundColor, page: body.backgroundColor,
                    border: parseFloat(box.borderLeftWidth), borderColor: box.borderLeftColor}
        }"""
    )
    assert look["background"] != look["page"]
    assert look["border"] >= 4 and look["borderColor"] != look["background"]
    call = box.get_by_role("link", name="Call 9-8-8")
    assert call.get_attribute("href") == "tel:988" and call.bounding_box()["height"] >= 44
    page.snap("crisis-box")


@pytest.mark.parametrize("width", [1024, 1366])
def test_visitor_on_a_laptop_sees_the_header_in_one_row_and_breadcrumbs_on_one_line(browser_page, live_demo, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_demo + GUIDE)
    tops = page.evaluate(
        """() => [...document.querySelectorAll('.site-header__brand, .site-nav__link, .site-header__help, '
                                                + '.site-header a[href="/search/"], .site-header__book')]
            .filter(el => el.getClientRects().length)
            .map(el => {
                const r = el.getBoundingClientRect();
                return [el.textContent.trim(), r.top + r.height / 2];
            })"""
    )
    middles = [middle for _, middle in tops]
    assert len(tops) >= 6 and max(middles) - min(middles) < 8, tops
    assert page.locator(".site-header").bounding_box()["height"] <= 96
    assert page.locator(".site-header__book").inner_text() == "Book a consultation"
    crumbs = page.evaluate(
        "() => [...document.querySelectorAll('.breadcrumbs__item')].map(li => li.getBoundingClientRect().top)"
    )
    assert len(crumbs) >= 3 and len(set(crumbs)) == 1, crumbs
    page.snap(f"header-{width}")


@pytest.mark.parametrize(("width", "word_shows"), [(320, False), (390, True), (1100, False), (1440, True)])
def test_visitor_finds_search_by_its_name_whether_or_not_the_word_fits(browser_page, live_demo, width, word_shows):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_demo + "/")
    search = page.locator(".site-header").get_by_role("link", name="Search", exact=True)
    assert search.count() == 1, "screen readers and voice control find it as “Search” at every width"
    assert search.locator(".site-header__search-label").is_visible() is word_shows
    assert search.bounding_box()["height"] >= 44
