"""What every visitor gets on every public page: fast rendering, no third parties, designed errors."""

import json
import re
import uuid

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from blog.models import BlogPage, BlogPageAuthor
from booking.models import BookingFormField, BookingPage
from site_pages.blocks import BodyBlock
from site_pages.models import Person
from team.models import ClinicianPage, TeamIndexPage
from tests.factories import BlogPageFactory, ServicePageFactory, StandardPageFactory, TopicFactory

BODY = BodyBlock()
# The most SQL queries a public page may cost on its first, uncached view in a warm process, whatever its
# content, with or without the page cache. The Site, "is any page private?" (serving/shared_lookups.py)
# and the site settings (serving/settings_cache.py) come from the cache either way. What is left:
# routing (about one query per tree level), the booking page that settings link to, and the page's own
# content: a post's authors and related posts, the index's topics, featured post, count and a page of
# posts, a profile's posts. Measured: 3 (search) to 9 (blog index, clinician profile).
QUERY_BUDGET = 12
DEMO_PAGES = [
    "/",
    "/ketamine-therapy/",
    "/about/",
    "/contact/",
    "/blog/",
    "/blog/is-ketamine-therapy-right-for-me/",
    "/privacy-policy/",
    "/book-a-consultation/",
    "/book-a-consultation/thank-you/",
]


def stream(copies):
    """A body with `copies` of every text block, including calls to action that link to pages."""
    blocks = []
    for _ in range(copies):
        for name, block in BODY.child_blocks.items():
            if name != "image":
                blocks.append({"type": name, "value": block.get_prep_value(block.get_preview_value())})
    return blocks


def queries_for(client, url, status=200):
    # Warm what a running server has in memory (site root paths, the shared lookups, kept fragments): twice,
    # as the first view may create settings rows, which purges. Each view has its own query string, so
    # that the page cache has never seen the one measured.
    views = (f"{url}{'&' if '?' in url else '?'}view={uuid.uuid4().hex}" for _ in range(3))
    client.get(next(views))
    client.get(next(views))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(next(views))
    assert response.status_code == status, url
    return len(queries)


@pytest.fixture
def pages_small_and_large(home, blog_index, booking_page):
    """Each public page type twice, as a (URL, status) pair: with little content and with a lot."""

    def link_to(page):
        return [{"type": "cta", "value": {"heading": "Next", "text": "", "link": {"label": "Go", "page": page.pk}}}]

    pairs = {}
    for factory, parent in [(StandardPageFactory, home), (ServicePageFactory, home), (BlogPageFactory, blog_index)]:
        small = factory(parent=parent, slug=f"{factory.__name__.lower()}-small", body=stream(1) + link_to(home))
        large = factory(parent=parent, slug=f"{factory.__name__.lower()}-large", body=stream(6) + link_to(home) * 5)
        pairs[factory.__name__] = (small.url, large.url)
    for i in range(12):
        BlogPageFactory(parent=blog_index, slug=f"post-{i}")
    pairs["HomePage"] = ("/", "/")
    large_form = BookingPage(title="Long form", slug="long-form", privacy_page=booking_page.privacy_page)
    large_form.form_fields = [
        BookingFormField(label=f"{field.label} {i}", field_type=field.field_type, choices=field.choices)
        for i in range(4)
        for field in booking_page.form_fields.all()
    ]
    home.add_child(instance=large_form)
    pairs["BookingPage"] = (booking_page.url, large_form.url)
    pairs["BookingPage thank-you"] = (booking_page.url + "thank-you/", large_form.url + "thank-you/")
    pairs["BlogIndexPage"] = (blog_index.url, blog_index.url + "?page=2")
    few, many = TopicFactory(slug="few"), TopicFactory(slug="many")
    BlogPageFactory(parent=blog_index, slug="lonely", topics=[few])
    for i in range(14):
        BlogPageFactory(parent=blog_index, slug=f"topical-{i}", topics=[many, few])
    pairs["topic"] = ("/blog/topic/few/", "/blog/topic/many/?page=2")
    team = TeamIndexPage(title="Our team", slug="team")
    home.add_child(instance=team)
    profiles = []
    for i in range(5):
        person = Person.objects.create(name=f"Clinician {i}", credentials="MD", role="Psychiatrist")
        profiles.append(team.add_child(instance=ClinicianPage(title=person.name, slug=f"clinician-{i}", person=person)))
        person.profile_page = profiles[-1]
        person.save()
    writer = profiles[0].person
    for post in BlogPage.objects.child_of(blog_index)[:8]:
        post.authors = [BlogPageAuthor(person=writer)]
        post.reviewed_by = profiles[1].person
        post.save_revision().publish()
    pairs["ClinicianPage"] = (profiles[4].url, profiles[0].url)
    # One team page per site (max_count): tests/test_team.py holds its count as clinicians are added.
    pairs["TeamIndexPage"] = (team.url,)
    BlogPageFactory(parent=blog_index, slug="grief", title="Grief")
    # Results cost one query per page type shown (tests/test_search.py): one post, then a page of posts.
    pairs["search"] = ("/search/?q=grief", "/search/?q=guide")
    pairs["404"] = ("/no-such-page/",)  # routing costs a query per level of the path, whatever the page
    return {page_type: [(url, 404 if page_type == "404" else 200) for url in urls] for page_type, urls in pairs.items()}


@pytest.mark.parametrize("fragments", [False, True], ids=["fragments-cold", "fragments-kept"])
@pytest.mark.parametrize("page_cache", [True, False], ids=["page-cache-on", "page-cache-off"])
@pytest.mark.django_db
def test_each_page_type_renders_in_a_fixed_number_of_queries(
    client, settings, pages_small_and_large, page_cache, fragments
):
    settings.WAGTAIL_CACHE = page_cache
    if not fragments:
        # The first view after a purge renders every fragment (base.html, blog_page.html) afresh.
        settings.CACHES = settings.CACHES | {
            "template_fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        }
    for page_type, pages in pages_small_and_large.items():
        counts = [queries_for(client, *page) for page in pages]
        assert len(set(counts)) == 1, f"{page_type}: {counts[0]} queries with little content, {counts[-1]} with a lot"
        assert counts[0] <= QUERY_BUDGET, f"{page_type}: {counts[0]} queries"


@pytest.mark.django_db
def test_public_pages_load_nothing_from_third_parties_and_have_no_inline_code(client, demo_site):
    for url in DEMO_PAGES:
        html = client.get(url).content.decode()
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.select("[style]") and not soup.find("style"), url
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                # JSON-LD is data, not code: a strict CSP never runs it. It must hold nothing but JSON.
                assert not script.get("src") and json.loads(script.string), url
                continue
            assert script.get("src"), f"inline script on {url}"
        for tag, attr in [("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")]:
            for element in soup.find_all(tag):
                if "canonical" in element.get("rel", []):
                    continue  # names this page's own absolute address; a browser loads nothing from it
                assert not re.match(r"^(https?:)?//", element.get(attr, "")), f"third-party {tag} on {url}"


@pytest.mark.django_db
def test_every_page_has_one_h1_a_skip_link_and_landmarks(client, demo_site):
    for url in DEMO_PAGES:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        assert len(soup.find_all("h1")) == 1, url
        assert soup.select_one("a.skip-link")["href"] == "#main"
        assert soup.find("header") and soup.find("main", id="main") and soup.find("footer")
        assert soup.find("html")["lang"] == "en"


@pytest.mark.django_db
def test_every_page_shows_how_to_get_urgent_help_once(client, demo_site):
    for url in ["/", "/about/", "/blog/is-ketamine-therapy-right-for-me/", "/book-a-consultation/", "/no-such-page/"]:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        assert soup.select_one("header a[href='#crisis-support']"), url
        assert len(soup.select(".crisis-box")) == 1, url
        assert soup.select_one("#crisis-support a[href='tel:988']"), url


@pytest.mark.django_db
def test_lost_visitor_gets_a_designed_404(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html and "css/site.css" in html


def test_server_error_page_needs_no_database():
    # No django_db mark: any query here fails the test.
    html = render_to_string("500.html")
    assert "Something went wrong" in html and "988" in html
