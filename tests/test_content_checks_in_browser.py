"""An editor opens the Checks side panel in the real admin and sees the clinic's content checks."""

import json

import pytest
from django.contrib.auth.models import User

from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password-1"


def test_editor_sees_an_outcome_promise_in_the_checks_panel(browser_page, live_server, blog_index):
    User.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    body = json.dumps(
        [{"type": "section", "value": {"heading": "Results", "body": "<p>Our care is guaranteed to work.</p>"}}]
    )
    post = BlogPageFactory(parent=blog_index, slug="promise", title="What we offer", body=body)
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/pages/{post.pk}/edit/")
    page.locator("[data-side-panel-toggle='checks']").click()
    finding = page.locator("[data-content-checker-name]", has_text="Promises an outcome")
    finding.wait_for(timeout=30_000)
    page.snap("checks-panel")
    row = page.locator("[data-content-checker-row]", has=finding)
    assert "Our care is guaranteed to work." in row.inner_text()
