"""A visitor in crisis finds help from every page; pages that touch on suicide put it near the top."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogPage
from site_pages.models import ClinicSettings
from tests.factories import BlogPageFactory, ServicePageFactory, StandardPageFactory

MENTION = "Some people with depression have thoughts of suicide."


def soup_of(client, url):
    response = client.get(url)
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [BlogPageFactory, ServicePageFactory])
def test_marked_page_shows_the_clinics_crisis_box_near_the_top(client, home, blog_index, factory):
    clinic = ClinicSettings.for_site(home.get_site())
    clinic.crisis_heading, clinic.crisis_phone = "In crisis?", "1-833-456-4566"
    clinic.save()
    parent = blog_index if factory is BlogPageFactory else home
    page = factory(parent=parent, slug="marked", touches_on_suicide=True)
    soup = soup_of(client, page.url)
    box = soup.select_one("main .crisis-box")
    assert box.find("h2").get_text() == "In crisis?"
    assert box.select_one("a")["href"] == "tel:18334564566"
    header = soup.select_one("main .page__header")
    assert header.find_next_sibling() is box, "right after the title and bylines, before the article itself"
    assert box["id"] == "crisis-support", "the header's Get help now leads to it"
    assert len(soup.select(".crisis-box")) == 1, "one box a page: the footer leaves its own out"


@pytest.mark.django_db
def test_unmarked_page_has_no_box_at_the_top_but_the_footer_still_helps(client, blog_index):
    page = BlogPageFactory(parent=blog_index, slug="plain")
    soup = soup_of(client, page.url)
    assert not soup.select("main .crisis-box")
    assert soup.select_one("footer .crisis-box#crisis-support")


@pytest.mark.django_db
def test_get_help_now_in_the_header_of_every_page_jumps_to_the_crisis_box(client, home, blog_index):
    pages = [home.url, blog_index.url, StandardPageFactory(parent=home, slug="about").url, "/search/", "/nowhere/"]
    for url in pages:
        soup = soup_of(client, url)
        link = soup.select_one("header a.site-header__help")
        assert link.get_text() == "Get help now", url
        target = soup.find(id=link["href"].removeprefix("#"))
        assert target and target.select_one("a[href^='tel:']"), url


# --- The editor's reminder ---------------------------------------------------------------------


def post_form(title, text, touches_on_suicide=False):
    data = {
        "title": title,
        "slug": "checked",
        "date": "2026-11-01",
        "summary": "A summary.",
        "introduction": rich_text(""),
        "authors": inline_formset([]),
        "related_posts": streamfield([]),
        "body": streamfield([("section", {"heading": "About this", "body": rich_text(f"<p>{text}</p>")})]),
    }
    if touches_on_suicide:
        data["touches_on_suicide"] = "on"
    return nested_form_data(data)


def warnings_after(response):
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


@pytest.mark.django_db
def test_editor_saving_a_post_that_mentions_suicide_unmarked_is_warned(admin_client, blog_index):
    add = reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk])
    response = admin_client.post(add, post_form("Depression", MENTION))
    assert response.status_code == 302
    (warning,) = warnings_after(response)
    assert "mentions suicide" in warning and "Touches on suicide or self-harm" in warning
    assert "Tick it under Crisis support" in admin_client.get(response["Location"]).content.decode()

    post = BlogPage.objects.get(slug="checked")
    edit = reverse("wagtailadmin_pages:edit", args=[post.pk])
    response = admin_client.post(edit, post_form("Depression", MENTION))
    assert len(warnings_after(response)) == 1, "and again on every save until it is marked or reworded"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "marked"),
    [(MENTION, True), ("Sleep, appetite and mood often change together.", False)],
    ids=["marked", "no-mention"],
)
def test_no_warning_when_marked_or_when_suicide_is_not_mentioned(admin_client, blog_index, text, marked):
    add = reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk])
    response = admin_client.post(add, post_form("Mood", text, touches_on_suicide=marked))
    assert response.status_code == 302
    assert warnings_after(response) == []
    assert BlogPage.objects.get(slug="checked").touches_on_suicide is marked


@pytest.mark.django_db
def test_mentions_are_found_in_titles_summaries_and_every_block(blog_index):
    post = BlogPageFactory(parent=blog_index, slug="p", title="Sleep", summary="Rest.")
    assert not post.mentions_suicide()
    for change in [
        {"title": "Self-harm: what helps"},
        {"summary": "We talk about suicidal thoughts."},
        {
            "body": [
                {
                    "type": "faq",
                    "value": {
                        "heading": "Questions",
                        "items": [{"question": "Is self harm common?", "answer": "<p>Yes.</p>"}],
                    },
                }
            ]
        },
    ]:
        fresh = BlogPage.objects.get(pk=post.pk)
        for name, value in change.items():
            setattr(fresh, name, value)
        assert fresh.mentions_suicide(), change
