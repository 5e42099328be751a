"""What crawlers read, second pass: one connected @graph checked against schema.org's vocabulary, complete
sitemaps validated against their XML Schemas, paginated listings, honest dates and the canonical origin."""

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import feedparser
import lxml.etree
import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page
from wagtail_factories import ImageFactory
from wagtailseo.models import SeoSettings

from blog.models import BlogPage
from site_pages.models import Person
from tests.factories import BlogPageFactory, StandardPageFactory, TopicFactory
from tests.test_crawlers import GUIDE_URL, SITEMAP_NS, entity, path_of, read, sitemap_urls

DATA = Path(__file__).resolve().parent / "data"
VOCABULARY = json.loads((DATA / "schemaorg-subset.json").read_text(encoding="utf-8"))
SCHEMA = "https://schema.org/"
IMAGE_NS = {"image": "http://www.google.com/schemas/sitemap-image/1.1"}
DATA_TYPES = {"Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Boolean"}


# --- schema.org vocabulary check -----------------------------------------------------------------


def ancestors(schema_type):
    assert schema_type in VOCABULARY["types"], f"{schema_type} is not a schema.org type (or not in the subset)"
    found = {schema_type}
    for parent in VOCABULARY["types"][schema_type]:
        found |= ancestors(parent)
    return found


def types_of(node):
    types = node["@type"]
    return [types] if isinstance(types, str) else types


def fits_data_type(value, ranges):
    if isinstance(value, bool):
        return "Boolean" in ranges
    if isinstance(value, int):
        return bool({"Integer", "Number"} & ranges)
    if isinstance(value, float):
        return "Number" in ranges
    is_url = bool(re.match(r"^https?://", value))
    for enumeration, members in VOCABULARY["enumerations"].items():
        if enumeration in ranges and value.removeprefix(SCHEMA) in members and value.startswith(SCHEMA):
            return True
    checks = {
        "Text": True,
        "URL": is_url,
        "Date": bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)),
        "DateTime": _is_datetime(value),
        "Time": bool(re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", value)),
    }
    # schema.org's data model lets a URL stand for an entity where a type is expected (e.g. ListItem.item).
    return any(checks.get(name) for name in ranges) or (is_url and bool(ranges - DATA_TYPES))


def _is_datetime(value):
    try:
        return "T" in value and bool(datetime.fromisoformat(value))
    except ValueError:
        return False


def vocabulary_errors(node, by_id, where="node"):
    """Every way a node breaks schema.org: unknown types or properties, a property outside its domain, a value
    outside its range, a reference to an @id the graph does not define."""
    errors = []
    node_types = set().union(*(ancestors(t) for t in types_of(node)))
    for prop, values in node.items():
        if prop.startswith("@"):
            continue
        if prop not in VOCABULARY["properties"]:
            errors.append(f"{where}: {prop} is not a schema.org property")
            continue
        domain, ranges = (set(part) for part in VOCABULARY["properties"][prop])
        if not domain & node_types:
            errors.append(f"{where}: {prop} is not a property of {types_of(node)}")
        for value in values if isinstance(values, list) else [values]:
            errors += value_errors(value, ranges, by_id, f"{where}.{prop}")
    return errors


def value_errors(value, ranges, by_id, where):
    if not isinstance(value, dict):
        return [] if fits_data_type(value, ranges) else [f"{where}: {value!r} is not one of {sorted(ranges)}"]
    if set(value) == {"@id"}:
        if value["@id"] not in by_id:
            return [f"{where}: {value['@id']} is defined nowhere in the graph"]
        value = by_id[value["@id"]]
    value_types = set().union(*(ancestors(t) for t in types_of(value)))
    errors = [] if value_types & ranges else [f"{where}: a {types_of(value)} is not one of {sorted(ranges)}"]
    if "@id" not in value or where.count(".") > 0 and value is not by_id.get(value.get("@id")):
        errors += vocabulary_errors(value, by_id, where)
    return errors


def graph_errors(page):
    errors = []
    for node in page["ld"]:
        errors += vocabulary_errors(node, page["by_id"], f"{node.get('@id', node['@type'])}")
    return errors


def test_vocabulary_check_catches_what_schema_org_does_not_define():
    # The check itself must fail on the guide's old markup and on a dangling reference.
    old_therapy = {"@type": "MedicalTherapy", "name": "Ketamine", "indication": [{"@type": "MedicalIndication"}]}
    assert vocabulary_errors(old_therapy, {}) == ["node: indication is not a schema.org property"]
    page = {"@type": "WebPage", "@id": "x", "isPartOf": {"@id": "http://localhost/#website"}, "lastReviewed": "soon"}
    assert vocabulary_errors(page, {}) == [
        "node.isPartOf: http://localhost/#website is defined nowhere in the graph",
        "node.lastReviewed: 'soon' is not one of ['Date']",
    ]
    assert vocabulary_errors({"@type": "Person", "headline": "x"}, {}) == [
        "node: headline is not a property of ['Person']"
    ]


@pytest.mark.django_db
def test_crawler_reads_one_connected_graph_valid_in_schema_org_on_every_page(client, demo_site):
    urls = [path_of(url) for url in sitemap_urls(client)] + ["/blog/?page=1".replace("?page=1", ""), "/privacy-policy/"]
    for url in dict.fromkeys(urls):
        page = read(client, url)
        assert graph_errors(page) == [], url
        website = [node for node in page["ld"] if node["@type"] == "WebSite"]
        clinics = [node for node in page["ld"] if node["@type"] == "MedicalClinic"]
        assert len(website) == len(clinics) == 1, url  # defined once per page, referenced by @id elsewhere
        assert clinics[0]["address"]["streetAddress"] and clinics[0]["telephone"], url
        assert clinics[0]["openingHoursSpecification"], url


@pytest.mark.django_db
def test_crawler_finds_a_reviewer_with_a_profile_on_every_medical_page(client, demo_site):
    reviewer = Person.objects.get(name="Maya Ellison")
    reviewer.profile_page = Page.objects.get(slug="about")
    reviewer.same_as = "https://register.example.org/physicians/12345\n"
    reviewer.save()
    for url in ["/ketamine-therapy/", GUIDE_URL]:
        page = read(client, url)
        web_page = [node for node in page["ld"] if "MedicalWebPage" in types_of(node)][0]
        person = page["by_id"][web_page["reviewedBy"]["@id"]]
        assert person["url"] == "http://localhost/about/" and person["@id"] == "http://localhost/about/#person"
        assert person["sameAs"] == ["https://register.example.org/physicians/12345"]
        assert person["jobTitle"] == reviewer.role
        assert graph_errors(page) == [], url


# --- Pagination ----------------------------------------------------------------------------------


@pytest.fixture
def many_posts(blog_index):
    return [BlogPageFactory(parent=blog_index, slug=f"post-{i}", title=f"Post {i}") for i in range(23)]


@pytest.mark.django_db
def test_crawler_reads_each_page_of_the_blog_as_its_own_page(client, many_posts):
    first, second = read(client, "/blog/"), read(client, "/blog/?page=2")
    assert second["tree"].xpath("//link[@rel='canonical']/@href") == ["http://localhost/blog/?page=2"]
    assert first["tree"].xpath("//link[@rel='canonical']/@href") == ["http://localhost/blog/"]
    assert second["tree"].findtext(".//title") == first["tree"].findtext(".//title") + " – page 2"
    assert second["meta"].get("description") != first["meta"].get("description")
    assert second["tree"].xpath("//a[@rel='prev']/@href") == ["/blog/"]  # page 1 has no ?page=1 twin
    response = client.get("/blog/?page=1")
    assert response.status_code == 301 and response["Location"] == "/blog/"


@pytest.mark.django_db
def test_crawler_gets_404_for_pages_of_the_blog_that_do_not_exist(client, many_posts):
    for number in ["999", "0", "-1", "two", "", "2.0"]:
        assert client.get(f"/blog/?page={number}").status_code == 404, number
    assert client.get("/blog/?page=3").status_code == 200


# --- Topic pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_crawler_reads_a_topic_page_with_its_own_name_and_breadcrumb(client, blog_index):
    topic = TopicFactory(name="Anxiety", slug="anxiety")
    BlogPageFactory(parent=blog_index, slug="calm", topics=[topic])
    page = read(client, "/blog/topic/anxiety/")
    collection = [node for node in page["ld"] if node["@type"] == "CollectionPage"][0]
    assert collection["name"] == "Anxiety" and collection["@id"] == "http://localhost/blog/topic/anxiety/"
    trail = [node for node in page["ld"] if node["@type"] == "BreadcrumbList"][0]["itemListElement"]
    assert [item["name"] for item in trail] == ["Home", "Blog", "Anxiety"]
    assert [a.text for a in page["tree"].xpath("//nav[@aria-label='Breadcrumb']//a")] == ["Home", "Blog", "Anxiety"]
    # The blog itself, rendered next by the same process, is not left describing the topic.
    blog = read(client, "/blog/")
    assert blog["tree"].xpath("//link[@rel='canonical']/@href") == ["http://localhost/blog/"]
    assert "Anxiety" not in blog["tree"].findtext(".//title")


# --- Sitemap -------------------------------------------------------------------------------------


def sitemap_schema():
    driver = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
      <xsd:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" schemaLocation="{DATA / "sitemap.xsd"}"/>
      <xsd:import namespace="http://www.google.com/schemas/sitemap-image/1.1"
                  schemaLocation="{DATA / "sitemap-image.xsd"}"/>
    </xsd:schema>"""
    return lxml.etree.XMLSchema(lxml.etree.fromstring(driver))


@pytest.mark.django_db
def test_crawler_gets_a_valid_sitemap_with_topics_and_images_but_not_pages_canonical_elsewhere(client, blog_index):
    topic = TopicFactory(name="Anxiety", slug="anxiety")
    hero, inline = ImageFactory(title="Hero"), ImageFactory(title="Inline")
    body = [{"type": "image", "value": {"image": inline.pk, "alt_text": "A room", "decorative": False, "caption": ""}}]
    BlogPageFactory(parent=blog_index, slug="calm", topics=[topic], hero_image=hero, hero_alt_text="x", body=body)
    StandardPageFactory(parent=blog_index.get_parent(), slug="copy", canonical_url="https://elsewhere.example/a/")
    response = client.get("/sitemap.xml")
    root = lxml.etree.fromstring(response.content)
    schema = sitemap_schema()
    assert schema.validate(root), schema.error_log
    urls = sitemap_urls(client)
    assert "http://localhost/blog/topic/anxiety/" in urls and "http://localhost/copy/" not in urls
    [post] = root.xpath("//sm:url[sm:loc='http://localhost/blog/calm/']", namespaces=SITEMAP_NS)
    images = post.xpath("image:image/image:loc/text()", namespaces=IMAGE_NS)
    assert images == [f"http://localhost{hero.file.url}", f"http://localhost{inline.file.url}"]


@pytest.mark.django_db
def test_crawler_sees_the_blog_change_when_a_post_does_and_nothing_change_on_an_unchanged_republish(client, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="calm")
    post.save_revision().publish()
    yesterday = timezone.now() - timedelta(days=1)  # so that "later" cannot fall within the same second
    BlogPage.objects.filter(pk=post.pk).update(content_changed_at=yesterday, last_published_at=yesterday)
    before = sitemap_urls(client)
    modified = read(client, post.url)
    post.refresh_from_db()
    post.save_revision().publish()  # nothing changed
    assert sitemap_urls(client) == before
    assert read(client, post.url)["og"]["article:modified_time"] == modified["og"]["article:modified_time"]
    post.refresh_from_db()
    post.summary = "A new summary."
    post.save_revision().publish()
    after = sitemap_urls(client)
    for url in ["http://localhost/blog/calm/", "http://localhost/blog/", "http://localhost/"]:
        assert after[url] > before[url], url
    post.refresh_from_db()
    graph_date = [n for n in read(client, post.url)["ld"] if "BlogPosting" in types_of(n)][0]["dateModified"]
    assert datetime.fromisoformat(graph_date) == post.content_changed_at
    assert datetime.fromisoformat(after["http://localhost/blog/calm/"]) == post.content_changed_at.replace(
        microsecond=0
    )


# --- Meta ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_crawler_gets_locale_and_a_sharing_image_falling_back_from_page_to_hero_to_site_default(client, blog_index):
    default = ImageFactory(title="The waiting room", file__width=2400, file__height=1600)
    SeoSettings.objects.update_or_create(site=blog_index.get_site(), defaults={"og_image_default": default})
    hero = ImageFactory(title="hero.jpg", file__width=1600, file__height=1200)
    own = ImageFactory(title="A treatment room", file__width=1600, file__height=1200)
    BlogPageFactory(parent=blog_index, slug="with-hero", hero_image=hero, hero_alt_text="A calm room")
    BlogPageFactory(parent=blog_index, slug="with-own", hero_image=hero, hero_alt_text="x", og_image=own)
    BlogPageFactory(parent=blog_index, slug="plain")
    for url, alt in [
        ("/blog/with-hero/", "A calm room"),
        ("/blog/with-own/", "A treatment room"),
        ("/blog/plain/", "The waiting room"),
    ]:
        og = read(client, url)["og"]
        assert (og["og:image:width"], og["og:image:height"], og["og:image:alt"]) == ("1200", "630", alt), url
        assert og["og:locale"] == "en_US"


@pytest.mark.django_db
def test_crawler_gets_titles_of_at_most_60_characters_by_default(client, demo_site):
    for url in sitemap_urls(client):
        title = read(client, path_of(url))["tree"].findtext(".//title")
        assert len(title) <= 60, (url, title)


def saved_in_the_admin(rf, page):
    """The messages an editor sees after saving `page` (Wagtail runs these hooks after create and edit)."""
    request = rf.post("/admin/")
    request.session = {}
    request._messages = FallbackStorage(request)
    for hook in hooks.get_hooks("after_edit_page"):
        hook(request, page)
    return [str(message) for message in request._messages]


@pytest.mark.django_db
def test_editor_is_warned_when_the_title_search_engines_get_is_too_long(rf, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="long", title="A short title")
    assert post.seo_pagetitle == "A short title | Clearwater Mind Clinic"
    assert not [m for m in saved_in_the_admin(rf, post) if "characters long" in m]
    post.seo_title = "An SEO title that is far too long for any search result page to show in full"
    [warning] = [m for m in saved_in_the_admin(rf, post) if "characters long" in m]
    assert "is 76 characters long" in warning
    # Without an SEO title the default drops the clinic's name rather than run past 60 characters...
    post.seo_title, post.title = "", "What to Expect at Your First Ketamine Session"
    assert post.seo_pagetitle == post.title
    # ...and a page title that is itself too long is what the warning measures.
    post.title = "A post title long enough that the clinic name no longer fits and then some more"
    assert [m for m in saved_in_the_admin(rf, post) if "characters long" in m]


# --- Origin, search, case ------------------------------------------------------------------------


@pytest.mark.django_db
def test_feed_reader_gets_links_on_the_canonical_origin_whatever_host_was_asked(client, blog_index, settings):
    settings.ALLOWED_HOSTS = ["*"]
    BlogPageFactory(parent=blog_index, slug="calm")
    feed = feedparser.parse(client.get("/blog/feed/", HTTP_HOST="alias.example.net").content)
    assert feed.feed.link == "http://localhost/blog/"
    assert [entry.link for entry in feed.entries] == ["http://localhost/blog/calm/"]
    atom = client.get("/blog/feed/atom/", HTTP_HOST="alias.example.net").content.decode()
    assert 'href="http://localhost/blog/feed/atom/"' in atom and "alias.example.net" not in atom


@pytest.mark.django_db
def test_crawler_may_fetch_search_results_and_is_asked_not_to_index_them(client, home):
    assert "/search" not in client.get("/robots.txt").content.decode()
    response = client.get("/search/?q=ketamine")
    tree = lxml.etree.HTML(response.content)
    assert response.status_code == 200 and tree.xpath("//meta[@name='robots']/@content") == ["noindex"]


@pytest.mark.django_db
def test_visitor_typing_an_address_in_the_wrong_case_is_redirected_to_the_page(client, blog_index):
    BlogPageFactory(parent=blog_index, slug="calm")
    for typed in ["/Blog/", "/BLOG/Calm/", "/blog/CALM"]:
        response = client.get(typed)
        assert response.status_code == 301, typed
        assert response["Location"] == ("/blog/" if typed == "/Blog/" else "/blog/calm/")
    assert client.get("/Nothing-Here/").status_code == 404


# --- README ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_readme_comparison_with_yoast_says_what_crawlers_get(client, demo_site):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Compared with Yoast SEO", 1)[1].split("\n## ", 1)[0]
    guide = read(client, GUIDE_URL)
    claims = {
        "max-image-preview:large": guide["meta"]["robots"].endswith("max-image-preview:large, max-snippet:-1"),
        "og:locale": guide["og"]["og:locale"] == "en_US",
        "`@graph`": len(guide["ld"]) > 3,
        "`MedicalCondition`": any(node["@type"] == "MedicalCondition" for node in guide["ld"]),
        "`image:image`": b'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'
        in client.get("/sitemap.xml").content,
    }
    for phrase, true in claims.items():
        assert phrase in section and true, phrase


# --- Structured data is built once per published revision ----------------------------------------


@pytest.mark.django_db
def test_crawlers_get_the_graph_built_once_until_the_editor_publishes_again(client, blog_index):
    from unittest import mock

    from seo import structured_data

    post = BlogPageFactory(parent=blog_index, slug="built-once", title="Before the change")
    post.save_revision().publish()
    with mock.patch.object(structured_data, "graph", wraps=structured_data.graph) as build:
        first, second = read(client, post.url), read(client, f"{post.url}?utm_source=newsletter")
        assert build.call_count == 1
        assert first["ld"] == second["ld"] and entity(second, "BlogPosting")["headline"] == "Before the change"
        post.title = "After the change"
        post.save_revision().publish()
        assert entity(read(client, post.url), "BlogPosting")["headline"] == "After the change"
        assert build.call_count == 2
        preview = BlogPage.objects.get(pk=post.pk)
        preview.title = "Not saved yet"
        assert b"Not saved yet" in preview.make_preview_request().content
        assert build.call_count == 3  # a preview shows the editor's unsaved text, never a stored graph
