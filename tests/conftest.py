import io
import json
import logging
import os
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import connections
from wagtail.models import Page, Site

from booking.models import BookingFormField, BookingPage
from site_pages.models import Person
from tests.factories import BlogIndexPageFactory, BlogPageFactory, HomePageFactory, StandardPageFactory

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo" / "content"


@pytest.fixture(autouse=True)
def clear_cache():
    """Wagtail caches site root paths (and the rate limit counts); a rolled-back test must not leave them."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def home(db):
    """A HomePage as the default site's root, replacing Wagtail's placeholder welcome page."""
    root = Page.get_first_root_node()
    root.get_children().delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Test Clinic")
    return home


@pytest.fixture
def blog_index(home):
    return BlogIndexPageFactory(parent=home)


@pytest.fixture
def booking_page(home):
    """The "Book a consultation" page with the demo's default fields, notifying frontdesk@example.com."""
    spec = json.loads((DEMO_DIR / "book-a-consultation.json").read_text(encoding="utf-8"))
    privacy = StandardPageFactory(parent=home, slug="privacy-policy", title="Privacy policy")
    page = BookingPage(title=spec["title"], slug=spec["slug"], privacy_page=privacy, **spec["fields"])
    page.form_fields = [BookingFormField(**field) for field in spec["form_fields"]]
    home.add_child(instance=page)
    return page


# --- Staff, one account per group -------------------------------------------------------------------
@pytest.fixture
def make_staff(django_user_model):
    """An admin account in one of the staff groups the migrations create."""

    def make(username, group_name):
        user = django_user_model.objects.create_user(username, f"{username}@example.com", "password")
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def editor(make_staff):
    return make_staff("editor", "Marketing editors")


@pytest.fixture
def manager(make_staff):
    return make_staff("manager", "Site managers")


@pytest.fixture
def reviewer(make_staff):
    """A clinical reviewer whose login is linked to a clinician, so an approval names them."""
    user = make_staff("reviewer", "Clinical reviewers")
    Person.objects.create(name="Maya Ellison", credentials="MD", user=user)
    return user


@pytest.fixture
def post(blog_index):
    return BlogPageFactory(parent=blog_index, slug="guide", title="The guide")


@pytest.fixture
def logged():
    """Everything the booking app logs during a test, as text (the suite runs with pytest's logging plugin off)."""
    records = []
    handler = logging.Handler(level=logging.DEBUG)
    handler.emit = records.append
    logger = logging.getLogger("booking")
    logger.addHandler(handler)
    yield lambda: "\n".join(logging.Formatter().format(record) for record in records)
    logger.removeHandler(handler)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the notification email) when the wrapped request ends.

    A test's transaction is rolled back, never committed, so `transaction.on_commit` would otherwise never run.
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "password")
    client.force_login(user)
    return client


@pytest.fixture
def demo_site(db):
    call_command("load_demo_content", "--without-images", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


# --- Browser tests -----------------------------------------------------------------------------
# Playwright drives Debian's Chromium; it cannot download a browser of its own here.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture
def browser():
    # Function-scoped on purpose: while Playwright's sync API runs, Django's per-context database
    # connection differs from the one the test database was set up on, so a session-wide browser
    # would break serialized_rollback for every test after the first.
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package to run browser tests"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs Chromium, so a missing browser there is a failure, not a skip
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls a test makes around it are
    # still synchronous, so tell Django not to refuse them.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Close the connections opened in Playwright's context, or PostgreSQL cannot drop the test database.
        connections.close_all()


@pytest.fixture
def browser_page(browser, request):
    """A fresh desktop-sized browser tab with a `snap(name)` helper that saves a screenshot under test-artifacts/."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.nodeid)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    shots = iter(range(1, 1000))

    def snap(name):
        page.screenshot(path=folder / f"{next(shots):02d}-{name}.png", full_page=True)

    page.snap = snap
    yield page
    context.close()


@pytest.fixture
def live_demo(live_server):
    """The demo site served by a live server on 127.0.0.1 and a free port; returns its base URL.

    Tests using it need `pytest.mark.django_db(transaction=True, serialized_rollback=True)`.
    """
    call_command("load_demo_content", "--without-images", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", int(live_server.url.rsplit(":", 1)[1])
    site.save()
    return live_server.url


# axe-core comes from npm (package.json, installed by `make test`); it is injected into the page under test.
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture
def axe():
    """`axe(page)` runs axe-core's WCAG 2.2 A/AA and best-practice rules on the page and returns its violations."""
    if not AXE.exists():
        message = f"axe-core not found at {AXE}: run `npm ci` (Node.js) to run the accessibility tests"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it, so a missing axe-core there is a failure, not a skip
        pytest.skip(message)
    source = AXE.read_text(encoding="utf-8")

    def run(page):
        page.evaluate(source)  # evaluated through the DevTools protocol: no <script> tag, no CSP exception needed
        return page.evaluate(
            """async (tags) => {
                const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ")),
                }));
            }""",
            AXE_RULE_TAGS,
        )

    return run
