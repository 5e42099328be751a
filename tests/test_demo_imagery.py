"""The demo's own artwork reaches visitors as modern, responsive images without extra queries per image."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from blog.models import BlogIndexPage, BlogPage
from home.models import HomePage
from site_pages.models import ServicePage


@pytest.fixture
def demo_with_images(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=io.StringIO())


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_new_user_gets_original_artwork_uploaded_through_wagtail(demo_with_images):
    titles = set(get_image_model().objects.values_list("title", flat=True))
    assert "Illustration: Is ketamine therapy right for me?" in titles
    assert {"Portrait: Maya Ellison", "Portrait: Jordan Reyes", "Portrait: Sam Okafor"} <= titles
    assert all(post.hero_image_id for post in BlogPage.objects.all())
    call_command("load_demo_content", stdout=io.StringIO())
    assert get_image_model().objects.count() == len(titles), "loading again draws nothing twice"


def test_visitor_gets_avif_and_webp_with_sizes_main_image_first_others_lazy(client, demo_with_images):
    soup = soup_of(client, "/")
    hero, *cards = soup.select("main picture")
    assert {source["type"] for source in hero.select("source")} == {"image/avif", "image/webp"}
    img = hero.find("img")
    assert img["width"] and img["height"] and "srcset" in hero.find("source").attrs
    assert img.get("fetchpriority") == "high" and img.get("loading") != "lazy"
    assert cards and all(card.find("img")["loading"] == "lazy" for card in cards)
    guide = soup_of(client, "/blog/is-ketamine-therapy-right-for-me/").select_one(".post__hero img")
    assert guide["fetchpriority"] == "high" and guide["alt"] == ""
    portrait = soup_of(client, "/team/maya-ellison/").select_one(".profile__portrait")
    assert portrait["width"] == portrait["height"]


def test_blog_with_more_illustrated_posts_costs_no_more_queries(client, demo_with_images):
    blog = BlogIndexPage.objects.get()
    client.get(blog.url)
    with CaptureQueriesContext(connection) as few:
        client.get(blog.url)
    image = BlogPage.objects.first().hero_image
    for i in range(4):
        post = BlogPage(title=f"Post {i}", slug=f"post-{i}", summary="A post.", date="2026-11-20")
        post.hero_image, post.hero_decorative = image, True
        blog.add_child(instance=post)
    client.get(blog.url)
    with CaptureQueriesContext(connection) as many:
        client.get(blog.url)
    assert len(many) == len(few)


def test_each_service_has_its_own_artwork_on_its_page_and_its_home_card(client, demo_with_images):
    services = list(ServicePage.objects.order_by("path"))
    assert [service.slug for service in services] == ["ketamine-therapy", "psychiatry", "psychotherapy"]
    assert len({service.hero_image_id for service in services}) == 3, "each service has a picture of its own"
    for service in services:
        picture = soup_of(client, service.url).select_one("main .post__hero picture")
        assert {source["type"] for source in picture.select("source")} == {"image/avif", "image/webp"}
        img = picture.find("img")
        assert img["width"] and img["height"] and img["fetchpriority"] == "high" and img["alt"] == ""
    cards = soup_of(client, "/").select(".card--service")
    assert len(cards) == 3 and all(card.select_one("picture img[loading=lazy]") for card in cards)


def test_home_with_more_illustrated_services_costs_no_more_queries(client, demo_with_images):
    home = HomePage.objects.get()
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/?view=few")
    image = ServicePage.objects.first().hero_image
    for i in range(3):
        home.add_child(
            instance=ServicePage(title=f"Service {i}", slug=f"service-{i}", summary="A service.", hero_image=image)
        )
    client.get("/")
    with CaptureQueriesContext(connection) as many:
        client.get("/?view=many")
    assert len(many) == len(few)
