"""Staff run the site in the real Wagtail admin (Playwright driving Debian's Chromium against a live server)."""

import re

import pytest
from django.contrib.auth.models import Group, User

from blog.models import BlogPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password-1"
GUIDE_PATH = "/blog/is-ketamine-therapy-right-for-me/"


def staff(username, group):
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def stream_child(page, block_type):
    """The top-level body block of this type in the page editor."""
    return page.locator(f"[data-streamfield-child]:has(> input[name$='-type'][value='{block_type}'])").first


def contents(page, url):
    page.goto(url)
    return page.locator(".toc__list a").all_inner_texts()


def test_editor_reorders_guide_blocks_and_a_reviewer_approves(browser, browser_page, live_demo):
    staff("editor", "Marketing editors")
    staff("reviewer", "Clinical reviewers")
    guide = BlogPage.objects.get(slug="is-ketamine-therapy-right-for-me")
    edit_url = f"{live_demo}/admin/pages/{guide.pk}/edit/"
    page = browser_page
    before = contents(page, live_demo + GUIDE_PATH)
    assert before.index("Who ketamine therapy helps most") < before.index("Potential benefits of ketamine therapy")

    # The editor moves "benefits" above "who_it_helps" and renames it.
    log_in(page, live_demo, "editor")
    page.goto(edit_url)
    benefits = stream_child(page, "benefits")
    while (
        page.locator("[data-streamfield-child] > input[name$='-type']").evaluate_all(
            "inputs => inputs.map(i => i.value).filter(v => ['benefits', 'who_it_helps'].includes(v))"
        )[0]
        != "benefits"
    ):
        benefits.locator("> section > .w-panel__header [data-streamfield-action='MOVE_UP']").click()
    # Blocks open collapsed, each titled by its heading; the editor opens the one to change.
    heading_input = benefits.locator("input[name$='-value-heading']").first
    assert not heading_input.is_visible()
    assert "Potential benefits of ketamine therapy" in benefits.locator("> section > .w-panel__header").inner_text()
    benefits.locator("> section > .w-panel__header .w-panel__toggle").click()
    heading_input.fill("What ketamine therapy may offer")
    page.snap("editor-moved-benefits")
    page.locator("footer .w-dropdown__toggle").click()  # for someone who cannot publish, submitting comes first
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/edit/$"))
    page.snap("editor-saved-draft")

    # Preview shows the draft.
    page.goto(f"{live_demo}/admin/pages/{guide.pk}/view_draft/")
    draft_toc = page.locator(".toc__list a").all_inner_texts()
    assert draft_toc.index("What ketamine therapy may offer") < draft_toc.index("Who ketamine therapy helps most")
    page.snap("editor-preview")

    # Submit for review: the editor is offered no publish button, and submitting is the main action.
    page.goto(edit_url)
    assert page.locator("button[name='action-publish']").count() == 0
    submit = page.get_by_role("button", name="Submit to Clinical review")
    assert submit.is_visible(), "not hidden behind the arrow next to Save draft"
    submit.click()
    page.wait_for_load_state()
    page.snap("editor-submitted")
    assert contents(page, live_demo + GUIDE_PATH) == before, "the public guide does not change before review"
    page.context.clear_cookies()

    # A clinical reviewer approves; the guide publishes with the new order, heading and contents.
    log_in(page, live_demo, "reviewer")
    page.snap("reviewer-dashboard")
    page.goto(edit_url)
    page.locator("footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    page.wait_for_load_state()
    page.snap("reviewer-approved")

    after = contents(page, live_demo + GUIDE_PATH)
    assert after.index("What ketamine therapy may offer") < after.index("Who ketamine therapy helps most")
    assert "Potential benefits of ketamine therapy" not in after
    headings = page.locator(".stream h2").all_inner_texts()
    assert headings.index("What ketamine therapy may offer") < headings.index("Who ketamine therapy helps most")
    page.snap("public-guide-after-approval")
    guide.refresh_from_db()
    assert guide.last_reviewed is not None


def test_site_manager_changes_the_phone_number_everywhere(browser_page, live_demo):
    staff("manager", "Site managers")
    page = browser_page
    log_in(page, live_demo, "manager")
    page.goto(f"{live_demo}/admin/settings/site_pages/clinicsettings/")
    page.fill("#id_phone", "(204) 555-0177")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    page.snap("settings-saved")
    for path in ["/", "/contact/"]:
        page.goto(live_demo + path)
        assert page.locator(".site-header__phone").inner_text().endswith("(204) 555-0177")
        assert "(204) 555-0177" in page.locator("footer").inner_text()
    assert "(204) 555-0177" in page.locator(".contact-details").inner_text()
    page.snap("contact-page-new-phone")
