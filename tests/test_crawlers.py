"""What a search engine or social site reads from every public page, parsed with real parsers."""

import io
import urllib.robotparser
from datetime import datetime

import extruct
import lxml.etree
import lxml.html
import pytest
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail_factories import ImageFactory
from wagtailseo.models import SeoSettings

from blog.models import BlogPage, Topic
from site_pages.models import ClinicSettings, ServicePage
from tests.factories import BlogPageFactory, StandardPageFactory

GUIDE_URL = "/blog/is-ketamine-therapy-right-for-me/"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def read(client, url):
    """Everything a crawler takes from a page: its JSON-LD entities, Open Graph and meta tags, and the DOM."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    data = extruct.extract(html, base_url=f"http://localhost{url}", syntaxes=["json-ld", "opengraph"], uniform=True)
    tree = lxml.html.fromstring(html)
    meta = {
        element.get("name"): element.get("content")
        for element in tree.xpath("//head/meta[@name]")
        if element.get("name") != "viewport"
    }
    assert len(data["json-ld"]) <= 1, "one JSON-LD @graph per page"
    nodes = data["json-ld"][0]["@graph"] if data["json-ld"] else []
    return {
        "ld": nodes,
        "by_id": {node["@id"]: node for node in nodes if "@id" in node},
        "og": data["opengraph"][0] if data["opengraph"] else {},
        "meta": meta,
        "tree": tree,
    }


def entity(page_data, schema_type):
    found = [
        item
        for item in page_data["ld"]
        if schema_type in ([item["@type"]] if isinstance(item["@type"], str) else item["@type"])
    ]
    assert len(found) == 1, f"expected one {schema_type}, found {len(found)}"
    return found[0]


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = lxml.etree.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): url.findtext("sm:lastmod", namespaces=SITEMAP_NS)
        for url in root.findall("sm:url", SITEMAP_NS)
    }


def path_of(url):
    assert url.startswith("http://localhost/"), url
    return url.removeprefix("http://localhost")


# --- Every page describes itself -----------------------------------------------------------------


@pytest.mark.django_db
def test_crawler_reads_title_description_canonical_and_social_tags_on_every_demo_page(client, demo_site):
    urls = [path_of(url) for url in sitemap_urls(client)]
    assert len(urls) >= 6
    titles, descriptions = set(), set()
    for url in urls:
        page = read(client, url)
        title = page["tree"].findtext(".//title")
        assert title and page["og"]["og:title"] == title, url
        assert page["meta"]["description"] and page["og"]["og:description"] == page["meta"]["description"], url
        canonical = page["tree"].xpath("//link[@rel='canonical']/@href")
        assert canonical == [f"http://localhost{url}"] and page["og"]["og:url"] == canonical[0]
        assert page["meta"]["twitter:title"] == title
        titles.add(title)
        descriptions.add(page["meta"]["description"])
    # No two pages of the demo site share a title or a description.
    assert len(titles) == len(descriptions) == len(urls)


@pytest.mark.django_db
def test_crawler_gets_title_plus_clinic_name_unless_the_editor_wrote_an_seo_title(client, home):
    page = StandardPageFactory(parent=home, slug="about", title="About us")
    assert read(client, "/about/")["tree"].findtext(".//title") == "About us | Clearwater Mind Clinic"
    page.seo_title = "About our psychiatrists and therapists"
    page.save_revision().publish()
    assert read(client, "/about/")["tree"].findtext(".//title") == "About our psychiatrists and therapists"


@pytest.mark.django_db
def test_crawler_gets_the_summary_as_description_when_the_editor_left_it_empty(client, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="post", summary="What to know before you start.")
    assert read(client, post.url)["meta"]["description"] == "What to know before you start."
    post.search_description = "A written description for search results."
    post.save_revision().publish()
    assert read(client, post.url)["meta"]["description"] == "A written description for search results."


@pytest.mark.django_db
def test_crawler_follows_the_editors_canonical_url(client, home):
    StandardPageFactory(parent=home, slug="about", canonical_url="https://clinic.example.com/about/")
    page = read(client, "/about/")
    assert page["tree"].xpath("//link[@rel='canonical']/@href") == ["https://clinic.example.com/about/"]


@pytest.mark.django_db
def test_crawler_reads_posts_as_articles_with_publication_and_modification_times(client, demo_site):
    og = read(client, GUIDE_URL)["og"]
    assert og["@type"] == "article"  # extruct's uniform output names og:type "@type"
    assert og["article:published_time"] == "2026-10-14"
    assert datetime.fromisoformat(og["article:modified_time"])
    assert read(client, "/about/")["og"]["@type"] == "website"


# --- wagtail-seo's gaps, closed ------------------------------------------------------------------


@pytest.mark.django_db
def test_crawler_gets_json_ld_intact_when_a_title_contains_a_script_tag(client, blog_index):
    """Gap: wagtail-seo prints JSON-LD with |safe, so "</script>" in a title broke out of the element."""
    title = "</script><script>alert(1)</script> & more"
    post = BlogPageFactory(parent=blog_index, slug="post", title=title)
    html = client.get(post.url).content.decode()
    tree = lxml.html.fromstring(html)
    assert not [script for script in tree.xpath("//script") if script.get("type") != "application/ld+json"]
    page = read(client, post.url)
    assert entity(page, "MedicalWebPage")["headline"] == title


@pytest.mark.django_db
def test_editor_cannot_save_invalid_organization_markup(admin_client, home):
    """Gap: invalid JSON in Settings > SEO > additional organization markup made every page answer 500."""
    url = reverse("wagtailsettings:edit", args=["wagtailseo", "seosettings", home.get_site().pk])
    form = {"og_meta": "on", "struct_meta": "on", "twitter_meta": "on", "twitter_site": "", "og_image_default": ""}
    for markup, error in [('{"slogan": "Care that listens"', "not valid JSON"), ('["a list"]', "JSON object")]:
        response = admin_client.post(url, {**form, "struct_org_extra_json": markup})
        assert response.status_code == 200 and error in str(response.context["form"].errors["struct_org_extra_json"])
    response = admin_client.post(url, {**form, "struct_org_extra_json": '{"slogan": "Care that listens"}'})
    assert response.status_code == 302
    assert SeoSettings.objects.get(site=home.get_site()).struct_org_extra_json == '{"slogan": "Care that listens"}'


@pytest.mark.django_db
def test_editor_keeps_the_clinics_details_in_one_place(admin_client, home):
    site = home.get_site()
    response = admin_client.get(reverse("wagtailsettings:edit", args=["wagtailseo", "seosettings", site.pk]))
    assert response.status_code == 200
    fields = set(response.context["form"].fields)
    assert {"twitter_site", "og_image_default", "struct_org_extra_json"} <= fields
    assert not fields & {"struct_org_name", "struct_org_phone", "struct_org_address_street", "struct_org_hours"}


@pytest.mark.django_db
def test_visitor_still_gets_pages_when_stored_organization_markup_is_invalid(client, demo_site):
    SeoSettings.objects.update_or_create(site=demo_site, defaults={"struct_org_extra_json": "{not json"})
    assert entity(read(client, "/"), "MedicalClinic")["name"] == "Clearwater Mind Clinic"
    SeoSettings.objects.update_or_create(
        site=demo_site, defaults={"struct_org_extra_json": '{"slogan": "Care that listens"}'}
    )
    assert entity(read(client, "/"), "MedicalClinic")["slogan"] == "Care that listens"


@pytest.mark.django_db
def test_crawler_sees_the_home_page_as_the_clinics_and_publishers_url(client, demo_site):
    """Gap: wagtail-seo gave the Organization and the Article publisher the current page's URL."""
    assert entity(read(client, "/"), "MedicalClinic")["url"] == "http://localhost/"
    guide = read(client, GUIDE_URL)
    publisher = guide["by_id"][entity(guide, "MedicalWebPage")["publisher"]["@id"]]
    assert publisher["@type"] == "MedicalClinic" and publisher["url"] == "http://localhost/"


@pytest.mark.django_db
def test_crawler_gets_no_empty_social_tags(client, home):
    """Gap: twitter:site rendered "@" without a handle, and og:image and descriptions were emitted empty."""
    StandardPageFactory(parent=home, slug="about", introduction="")
    page = read(client, "/about/")
    assert "twitter:site" not in page["meta"] and "og:image" not in page["og"] and "description" not in page["meta"]
    assert all(value for value in [*page["meta"].values(), *page["og"].values()])
    SeoSettings.objects.update_or_create(site=home.get_site(), defaults={"twitter_site": "clearwatermind"})
    assert read(client, "/about/")["meta"]["twitter:site"] == "@clearwatermind"


@pytest.mark.django_db
def test_crawler_gets_a_1200x630_jpeg_preview_image_with_size_and_alt(client, home):
    """Gap: og:image was the original upload (any size or format) with no width, height or alt."""
    default = ImageFactory(title="The clinic's waiting room", file__width=2400, file__height=1600, file__format="PNG")
    SeoSettings.objects.update_or_create(site=home.get_site(), defaults={"og_image_default": default})
    StandardPageFactory(parent=home, slug="about")
    own = ImageFactory(title="A treatment room", file__width=1600, file__height=1200)
    StandardPageFactory(parent=home, slug="contact", title="Contact", og_image=own)
    for url, alt in [("/about/", "The clinic's waiting room"), ("/contact/", "A treatment room")]:
        page = read(client, url)
        og = page["og"]
        assert og["og:image"].startswith("http://localhost/") and og["og:image"].endswith(".jpg"), og["og:image"]
        assert (og["og:image:width"], og["og:image:height"], og["og:image:alt"]) == ("1200", "630", alt)
        assert page["meta"]["twitter:card"] == "summary_large_image"


@pytest.mark.django_db
def test_crawler_is_asked_not_to_index_a_page_the_editor_hid(client, home):
    """Gap: wagtail-seo has no per-page robots meta."""
    StandardPageFactory(parent=home, slug="about")
    StandardPageFactory(parent=home, slug="thanks", title="Thanks", noindex=True)
    assert read(client, "/thanks/")["meta"]["robots"] == "noindex"
    assert read(client, "/about/")["meta"]["robots"] == "index, follow, max-image-preview:large, max-snippet:-1"
    assert set(sitemap_urls(client)) == {"http://localhost/", "http://localhost/about/"}


@pytest.mark.django_db
def test_crawler_gets_a_titled_noindexed_404(client, home):
    """Gap: non-page views had no <title>; they set base.html's title and robots blocks."""
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    tree = lxml.html.fromstring(response.content)
    assert tree.findtext(".//title") == "Page not found | Clearwater Mind Clinic"
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]


@pytest.mark.django_db
def test_editor_previews_are_never_indexed_and_seo_preview_shows_search_result(admin_client, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="draft", live=False)
    html = post.make_preview_request().content
    assert lxml.html.fromstring(html).xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    seo_preview = post.make_preview_request(preview_mode="wagtail-seo")
    assert seo_preview.status_code == 200
    tree = lxml.html.fromstring(seo_preview.content)
    assert "A patient guide | Clearwater Mind Clinic" in tree.text_content()


# --- Structured data says what the page says ------------------------------------------------------


@pytest.mark.django_db
def test_crawler_reads_the_clinic_and_the_site_search_on_the_home_page(client, demo_site):
    page = read(client, "/")
    clinic = entity(page, "MedicalClinic")
    settings = ClinicSettings.for_site(demo_site)
    assert clinic["name"] == settings.clinic_name and clinic["telephone"] == "+12045550123"
    assert clinic["address"]["streetAddress"] == settings.street_address
    assert clinic["address"]["addressCountry"] == "CA"
    assert clinic["medicalSpecialty"] == "https://schema.org/Psychiatric"
    assert clinic["geo"] == {"@type": "GeoCoordinates", "latitude": 49.8951, "longitude": -97.1384}
    assert clinic["openingHoursSpecification"][0]["opens"] == "09:00"
    assert len(clinic["openingHoursSpecification"][0]["dayOfWeek"]) == 5
    assert [service["name"] for service in clinic["availableService"]] == [
        "Ketamine therapy",
        "Psychiatry",
        "Psychotherapy",
    ]
    site = entity(page, "WebSite")
    assert site["potentialAction"]["target"]["urlTemplate"] == "http://localhost/search/?q={search_term_string}"


@pytest.mark.django_db
def test_crawler_reads_breadcrumbs_matching_the_visible_trail(client, demo_site):
    page = read(client, GUIDE_URL)
    trail = entity(page, "BreadcrumbList")["itemListElement"]
    nav = page["tree"].xpath("//nav[@aria-label='Breadcrumb']")
    assert len(nav) == 1
    links = nav[0].xpath(".//a")
    assert [(link.text, link.get("href")) for link in links] == [
        (item["name"], path_of(item["item"])) for item in sorted(trail, key=lambda item: item["position"])
    ]
    assert [link.text for link in links] == ["Home", "Blog", "Is ketamine therapy right for me?"]
    assert [link.get("aria-current") for link in links] == [None, None, "page"]
    home = read(client, "/")
    assert not home["tree"].xpath("//nav[@aria-label='Breadcrumb']")
    assert not [item for item in home["ld"] if item["@type"] == "BreadcrumbList"]


@pytest.mark.django_db
def test_crawler_reads_the_guide_as_a_reviewed_medical_page_about_the_therapy(client, demo_site):
    guide = BlogPage.objects.get(slug="is-ketamine-therapy-right-for-me")
    article = entity(read(client, GUIDE_URL), "MedicalWebPage")
    assert "BlogPosting" in article["@type"]
    assert article["headline"] == guide.title and article["description"] == guide.summary
    page = read(client, GUIDE_URL)
    [author] = [page["by_id"][ref["@id"]] for ref in article["author"]]
    assert (author["@type"], author["name"], author["jobTitle"]) == ("Person", "Jordan Reyes", "Psychiatric nurse")
    assert author["hasCredential"] == [{"@type": "EducationalOccupationalCredential", "name": "RN"}]
    reviewer = page["by_id"][article["reviewedBy"]["@id"]]
    assert reviewer["name"] == "Maya Ellison" and reviewer["honorificSuffix"] == "MD, FRCPC"
    assert [credential["name"] for credential in reviewer["hasCredential"]] == ["MD", "FRCPC"]
    assert article["lastReviewed"] == "2026-10-14" and article["datePublished"] == "2026-10-14"
    assert datetime.fromisoformat(article["dateModified"])
    assert page["by_id"][article["publisher"]["@id"]]["@type"] == "MedicalClinic"
    therapy = page["by_id"][article["about"][0]["@id"]]
    assert therapy["@type"] == "MedicalTherapy" and therapy["name"] == "Ketamine therapy"

    def titles(block_type):
        return [
            item["title"] for child in guide.body if child.block_type == block_type for item in child.value["items"]
        ]

    assert "indication" not in therapy  # not a MedicalTherapy property in schema.org
    conditions = [page["by_id"][ref["@id"]] for ref in article["about"][1:]]
    assert [condition["name"] for condition in conditions] == titles("who_it_helps")
    assert {condition["@type"] for condition in conditions} == {"MedicalCondition"}
    assert all(condition["possibleTreatment"] == {"@id": therapy["@id"]} for condition in conditions)
    assert [item["name"] for item in therapy["contraindication"]] == titles("not_right_for")
    assert [item["name"] for item in therapy["adverseOutcome"]] == titles("risks")
    assert {item["@type"] for item in therapy["contraindication"]} == {"MedicalContraindication"}


@pytest.mark.django_db
def test_crawler_reads_faqs_and_the_booking_action_on_a_service_page(client, demo_site):
    service = ServicePage.objects.get(slug="ketamine-therapy")
    page = read(client, service.url)
    web_page = entity(page, "MedicalWebPage")
    therapy = page["by_id"][web_page["about"][0]["@id"]]
    assert therapy["@type"] == "MedicalTherapy" and therapy["name"] == service.title
    action = web_page["potentialAction"]
    booking = Page.objects.get(slug="book-a-consultation")
    assert action["@type"] == "ReserveAction" and action["target"]["urlTemplate"] == booking.full_url
    faq = entity(page, "FAQPage")
    visible = [
        summary.text_content().strip() for summary in page["tree"].xpath("//*[contains(@class, 'faq')]//summary")
    ]
    assert [question["name"] for question in faq["mainEntity"]] == visible
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"].startswith("No. You can book a consultation directly.")


# --- Site files -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_crawler_finds_every_indexable_page_in_the_sitemap_with_its_last_change(client, demo_site):
    urls = sitemap_urls(client)
    assert "http://localhost/blog/is-ketamine-therapy-right-for-me/" in urls
    for url, lastmod in urls.items():
        assert lastmod and datetime.fromisoformat(lastmod)
        page = read(client, path_of(url))
        assert "noindex" not in page["meta"].get("robots", "")
    topics_with_posts = Topic.objects.filter(blog_pages__live=True).distinct().count()
    live = Page.objects.live().public().filter(depth__gte=2).count()
    assert len(urls) == live + topics_with_posts


@pytest.mark.django_db
def test_crawler_obeys_robots_txt(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(response.content.decode().splitlines())
    assert robots.can_fetch("Googlebot", "http://localhost/")
    assert robots.can_fetch("Googlebot", "http://localhost/blog/some-post/")
    assert not robots.can_fetch("Googlebot", "http://localhost/admin/")
    # Search results are noindex; crawlers may fetch them, or they could never read that.
    assert robots.can_fetch("Googlebot", "http://localhost/search/?q=ketamine")
    assert robots.site_maps() == ["http://localhost/sitemap.xml"]


@pytest.mark.django_db
def test_security_researcher_finds_a_contact_in_security_txt(client, home, settings):
    settings.SECURITY_TXT_CONTACT = "mailto:security@clinic.example.com"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines() if line)
    assert fields["Contact"] == "mailto:security@clinic.example.com"
    assert datetime.fromisoformat(fields["Expires"]) > datetime.fromisoformat("2026-01-01T00:00:00+00:00")
    assert fields["Canonical"] == "http://localhost/.well-known/security.txt"


@pytest.mark.django_db
def test_visitor_with_an_old_link_is_redirected_after_a_slug_change_or_move(
    client, home, blog_index, django_capture_on_commit_callbacks
):
    post = BlogPageFactory(parent=blog_index, slug="old-name")
    post.slug = "new-name"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail creates the redirect once the change commits
        post.save_revision().publish()
    response = client.get("/blog/old-name/")
    assert response.status_code == 301 and response["Location"].endswith("/blog/new-name/")
    about = StandardPageFactory(parent=blog_index, slug="about")
    with django_capture_on_commit_callbacks(execute=True):
        about.move(home, pos="last-child")
    response = client.get("/blog/about/")
    assert response.status_code == 301 and response["Location"].endswith("/about/")


@pytest.mark.django_db
def test_editor_imports_old_site_urls_from_a_csv(admin_client, home):
    StandardPageFactory(parent=home, slug="about")
    # Wagtail's importer takes old paths and full target URLs, two columns the editor maps in a second step.
    upload = io.BytesIO(b"from,to\n/old-about.html,http://localhost/about/\n/team.php,http://localhost/about/\n")
    upload.name = "old-site.csv"
    response = admin_client.post(reverse("wagtailredirects:start_import"), {"import_file": upload})
    assert response.status_code == 200
    form = response.context["form"]
    data = {"import_file_name": form["import_file_name"].value(), "input_format": form["input_format"].value()}
    data.update(from_index=0, to_index=1, permanent="on", site="")
    admin_client.post(reverse("wagtailredirects:process_import"), data)
    assert Redirect.objects.filter(is_permanent=True).count() == 2
    response = admin_client.get("/old-about.html")
    assert response.status_code == 301 and response["Location"] == "http://localhost/about/"


@pytest.mark.django_db
def test_crawler_reads_a_topic_page_as_a_page_of_its_own(client, demo_site):
    from blog.models import Topic

    topic = Topic.objects.get(slug="ketamine-therapy")
    page = read(client, "/blog/topic/ketamine-therapy/")
    descriptions = page["tree"].xpath("//meta[@name='description']/@content")
    assert descriptions == [topic.description], "one description: the topic's"
    assert page["tree"].xpath("//link[@rel='canonical']/@href") == ["http://localhost/blog/topic/ketamine-therapy/"]
    assert page["og"]["og:url"] == "http://localhost/blog/topic/ketamine-therapy/"
    assert page["tree"].findtext(".//title").startswith(topic.name)
