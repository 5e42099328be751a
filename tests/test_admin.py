"""Editors can open, create and edit every page type in the Wagtail admin."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogIndexPage, BlogPage
from booking.models import BookingPage
from home.models import HomePage
from site_pages.models import ServicePage, StandardPage
from team.models import ClinicianPage, TeamIndexPage
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    HomePageFactory,
    ServicePageFactory,
    StandardPageFactory,
)


class TestPageTreeRules(WagtailPageTestCase):
    def login(self):
        # Wagtail's helper signs in without a request, which django-axes (the admin lockout) refuses.
        user = self.create_superuser("admin", "admin@example.com", "password")
        self.client.force_login(user)
        return user

    def test_editor_is_offered_only_sensible_child_pages(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {StandardPage, ServicePage, BlogIndexPage, BookingPage, TeamIndexPage})
        self.assertAllowedSubpageTypes(TeamIndexPage, {ClinicianPage})
        self.assertAllowedSubpageTypes(ClinicianPage, set())
        self.assertAllowedSubpageTypes(BookingPage, set())
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertAllowedSubpageTypes(ServicePage, set())
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPage})
        self.assertAllowedSubpageTypes(BlogPage, set())

    def test_blog_posts_live_only_under_a_blog_index(self):
        self.assertAllowedParentPageTypes(BlogPage, {BlogIndexPage})
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ServicePage, {HomePage})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_there_is_one_home_page(self):
        root = Page.get_first_root_node()
        HomePageFactory(parent=root, slug="home-2")
        self.assertFalse(HomePage.can_create_at(root))

    def test_editor_creates_a_guide_from_blocks(self):
        root = Page.get_first_root_node()
        home = HomePageFactory(parent=root, slug="home-3")
        blog = BlogIndexPageFactory(parent=home)
        self.login()
        self.assertCanCreate(
            blog,
            BlogPage,
            nested_form_data(
                {
                    "title": "Ketamine and anxiety",
                    "slug": "ketamine-and-anxiety",
                    "date": "2026-11-01",
                    "summary": "What we know.",
                    "introduction": rich_text("<p>An introduction.</p>"),
                    "authors": inline_formset([]),
                    "related_posts": streamfield([]),
                    "body": streamfield(
                        [
                            ("section", {"heading": "Overview", "body": rich_text("<p>Text.</p>")}),
                            (
                                "benefits",
                                {
                                    "heading": "Benefits",
                                    "intro": rich_text(""),
                                    "items": streamfield([("item", {"title": "Calmer days", "text": rich_text("")})]),
                                    "closing_note": rich_text("<p>Not guaranteed.</p>"),
                                },
                            ),
                        ]
                    ),
                }
            ),
        )
        post = BlogPage.objects.get(slug="ketamine-and-anxiety")
        assert [child.block_type for child in post.body] == ["section", "benefits"]
        assert post.body[1].value["items"][0]["title"] == "Calmer days"


@pytest.fixture
def every_page_type(home, blog_index, booking_page):
    return [
        home,
        booking_page,
        StandardPageFactory(parent=home, slug="about"),
        ServicePageFactory(parent=home, slug="ketamine-therapy"),
        blog_index,
        BlogPageFactory(parent=blog_index, slug="guide"),
    ]


@pytest.mark.django_db
def test_editor_opens_every_page_type_in_the_admin(admin_client, every_page_type):
    for page in every_page_type:
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, type(page).__name__
        parent = page.get_parent()
        add_url = reverse(
            "wagtailadmin_pages:add",
            args=[page._meta.app_label, page._meta.model_name, parent.pk],
        )
        if type(page).can_create_at(parent):
            assert admin_client.get(add_url).status_code == 200, type(page).__name__


@pytest.mark.django_db
def test_editor_previews_a_draft_guide(admin_client, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="guide")
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[post.pk]))
    assert response.status_code == 200
    assert post.title in response.content.decode()


@pytest.mark.django_db
def test_block_picker_preview_uses_the_site_stylesheet(admin_client):
    from site_pages.blocks import BodyBlock

    block = BodyBlock().child_blocks["who_it_helps"]
    response = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/site.css" in html
    assert "People with treatment-resistant depression" in html


@pytest.mark.django_db
def test_editor_manages_topics_and_search_promotions_in_the_admin(admin_client):
    from blog.models import Topic

    add_topic = reverse("wagtailsnippets_blog_topic:add")
    response = admin_client.post(add_topic, {"name": "Sleep", "slug": "sleep", "description": "Rest and recovery."})
    assert response.status_code == 302
    assert Topic.objects.get(slug="sleep").name == "Sleep"
    assert admin_client.get(reverse("wagtailsearchpromotions:index")).status_code == 200
    assert admin_client.get(reverse("wagtailsearchpromotions:add")).status_code == 200
