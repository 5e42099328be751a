"""Visitors browse the blog: newest first, a featured post, topics with their own pages, related reading."""

import datetime
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail_factories import ImageFactory

from blog.models import BlogIndexPage, BlogPage
from tests.factories import BlogPageFactory, TopicFactory

DAY = datetime.timedelta(days=1)
START = datetime.date(2026, 1, 1)


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def card_titles(soup, selector=".card-list .card__title"):
    return [h.get_text(strip=True) for h in soup.select(selector)]


@pytest.fixture
def posts(blog_index, monkeypatch):
    """Posts 1 to 8, one a day, so "Post 8" is the newest, listed three to a page."""
    monkeypatch.setattr(BlogIndexPage, "posts_per_page", 3)
    return [
        BlogPageFactory(parent=blog_index, title=f"Post {n}", slug=f"post-{n}", date=START + n * DAY)
        for n in range(1, 9)
    ]


# --- Listing and pagination --------------------------------------------------------------------


@pytest.mark.django_db
def test_visitor_sees_newest_posts_first_with_the_newest_featured(client, posts):
    soup = soup_of(client, "/blog/")
    assert card_titles(soup, ".featured .card__title") == ["Post 8"]
    assert card_titles(soup) == ["Post 7", "Post 6", "Post 5"]


@pytest.mark.django_db
def test_editor_picks_the_featured_post_and_it_is_not_listed_twice(client, blog_index, posts):
    blog_index.featured_post = posts[4]  # "Post 5"
    blog_index.save_revision().publish()
    titles_by_page = []
    for number in (1, 2, 3):
        soup = soup_of(client, "/blog/" if number == 1 else f"/blog/?page={number}")
        assert bool(soup.select(".featured")) == (number == 1), "the featured post leads the first page only"
        titles_by_page += card_titles(soup)
    assert card_titles(soup_of(client, "/blog/"), ".featured .card__title") == ["Post 5"]
    assert "Post 5" not in titles_by_page
    assert len(titles_by_page) == len(set(titles_by_page)) == 7


@pytest.mark.django_db
def test_a_featured_post_that_was_unpublished_gives_way_to_the_newest(client, blog_index, posts):
    blog_index.featured_post = posts[4]
    blog_index.save_revision().publish()
    posts[4].unpublish()
    assert card_titles(soup_of(client, "/blog/"), ".featured .card__title") == ["Post 8"]


BAD_PAGE_NUMBERS = ["", "abc", "1.5", "-1", "0", "4", "999", "9" * 30, "%00"]


@pytest.mark.django_db
def test_a_bad_page_number_gives_a_designed_404_never_another_pages_copy(client, posts):
    for page in BAD_PAGE_NUMBERS:
        response = client.get(f"/blog/?page={page}")
        assert response.status_code == 404 and b"We could not find that page" in response.content, page
    assert soup_of(client, "/blog/?page=3").select_one(".pagination span").get_text() == "Page 3 of 3"


@pytest.mark.django_db
def test_pagination_links_to_newer_and_older_posts(client, posts):
    soup = soup_of(client, "/blog/?page=2")
    assert soup.select_one(".pagination a[rel=prev]")["href"] == "/blog/"
    assert soup.select_one(".pagination a[rel=next]")["href"] == "/blog/?page=3"


@pytest.mark.django_db
def test_drafts_and_private_posts_are_not_listed(client, blog_index, posts):
    draft = BlogPageFactory(parent=blog_index, title="Draft", slug="draft", date=START + 99 * DAY, live=False)
    private = BlogPageFactory(parent=blog_index, title="Private", slug="private", date=START + 98 * DAY)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    soup = soup_of(client, "/blog/")
    assert card_titles(soup, ".featured .card__title") == ["Post 8"]
    assert draft.title not in soup.get_text() and private.title not in soup.get_text()


# --- Topics ------------------------------------------------------------------------------------


@pytest.fixture
def topical(blog_index):
    ketamine = TopicFactory(name="Ketamine therapy", slug="ketamine-therapy", description="All about ketamine.")
    therapy = TopicFactory(name="Psychotherapy", slug="psychotherapy", description="Talking therapy.")
    empty = TopicFactory(name="Sleep", slug="sleep", description="Nothing yet.")
    posts = {
        "old ketamine": BlogPageFactory(parent=blog_index, slug="k1", date=START, topics=[ketamine]),
        "both": BlogPageFactory(parent=blog_index, slug="both", date=START + DAY, topics=[ketamine, therapy]),
        "therapy": BlogPageFactory(parent=blog_index, slug="t1", date=START + 2 * DAY, topics=[therapy]),
        "new ketamine": BlogPageFactory(parent=blog_index, slug="k2", date=START + 3 * DAY, topics=[ketamine]),
        "untagged": BlogPageFactory(parent=blog_index, slug="none", date=START + 4 * DAY),
    }
    for name, post in posts.items():
        post.title = name
        post.save_revision().publish()
    return {"ketamine topic": ketamine, "therapy topic": therapy, "empty topic": empty, **posts}


@pytest.mark.django_db
def test_each_topic_has_its_own_page_with_title_and_description(client, topical):
    soup = soup_of(client, "/blog/topic/ketamine-therapy/")
    assert soup.find("h1").get_text() == "Ketamine therapy"
    assert soup.title.get_text().startswith("Ketamine therapy | Blog |")
    assert soup.select_one(".page__header .lede").get_text() == "All about ketamine."
    assert soup.find("meta", attrs={"name": "description"})["content"] == "All about ketamine."
    assert card_titles(soup) == ["new ketamine", "both", "old ketamine"]
    assert not soup.select(".featured"), "a topic page lists its posts, newest first, without a featured post"


@pytest.mark.django_db
def test_visitor_filters_the_blog_by_topic(client, topical):
    soup = soup_of(client, "/blog/")
    links = [(a.get_text(), a["href"], a.get("aria-current")) for a in soup.select(".topic-nav a")]
    assert links == [
        ("All posts", "/blog/", "page"),
        ("Ketamine therapy", "/blog/topic/ketamine-therapy/", None),
        ("Psychotherapy", "/blog/topic/psychotherapy/", None),
    ], "topics without posts are not offered"
    soup = soup_of(client, "/blog/topic/psychotherapy/")
    assert soup.select_one(".topic-nav a[aria-current=page]").get_text() == "Psychotherapy"
    assert card_titles(soup) == ["therapy", "both"]


@pytest.mark.django_db
def test_unknown_topic_is_a_404_and_an_empty_one_says_so(client, topical):
    assert client.get("/blog/topic/no-such-topic/").status_code == 404
    soup = soup_of(client, "/blog/topic/sleep/")
    assert "No posts on this topic yet" in soup.get_text()


@pytest.mark.django_db
def test_topic_pages_paginate_and_survive_bad_page_numbers(client, blog_index, monkeypatch):
    monkeypatch.setattr(BlogIndexPage, "posts_per_page", 3)
    topic = TopicFactory(slug="many")
    for n in range(5):
        BlogPageFactory(parent=blog_index, slug=f"p{n}", date=START + n * DAY, topics=[topic])
    assert soup_of(client, "/blog/topic/many/?page=2").select_one(".pagination span").get_text() == "Page 2 of 2"
    assert client.get("/blog/topic/many/?page=x").status_code == 404
    assert client.get("/blog/topic/many/?page=3").status_code == 404


@pytest.mark.django_db
def test_a_post_cannot_take_a_slug_the_blog_uses_for_its_own_addresses(blog_index):
    post = BlogPageFactory(parent=blog_index, slug="fine")
    post.slug = "topic"
    with pytest.raises(ValidationError) as error:
        post.clean()
    assert "slug" in error.value.message_dict


# --- Related posts -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_related_posts_are_the_newest_sharing_a_topic(client, topical):
    soup = soup_of(client, topical["old ketamine"].url)
    assert card_titles(soup, ".related .card__title") == ["new ketamine", "both"]
    soup = soup_of(client, topical["both"].url)
    assert card_titles(soup, ".related .card__title") == ["new ketamine", "therapy", "old ketamine"]
    assert not soup_of(client, topical["untagged"].url).select(".related")


@pytest.mark.django_db
def test_editor_picks_related_posts_which_come_first_in_their_order(client, topical):
    post = topical["old ketamine"]
    post.related_posts = [("post", topical["untagged"]), ("post", topical["therapy"])]
    post.save_revision().publish()
    soup = soup_of(client, post.url)
    assert card_titles(soup, ".related .card__title") == ["untagged", "therapy", "new ketamine"]


@pytest.mark.django_db
def test_related_posts_leave_out_drafts_private_posts_and_the_post_itself(client, topical):
    topical["new ketamine"].unpublish()
    PageViewRestriction.objects.create(page=topical["both"], restriction_type=PageViewRestriction.LOGIN)
    post = topical["old ketamine"]
    post.related_posts = [("post", post), ("post", topical["new ketamine"])]
    post.save_revision().publish()
    assert post.get_related_posts() == []


@pytest.mark.django_db
def test_related_posts_cost_one_query_however_many_posts_and_picks(blog_index):
    topic = TopicFactory()
    post = BlogPageFactory(parent=blog_index, slug="post", topics=[topic])
    post.refresh_from_db()
    with CaptureQueriesContext(connection) as few:
        post.get_related_posts()
    others = [BlogPageFactory(parent=blog_index, slug=f"o{n}", topics=[topic]) for n in range(8)]
    post.related_posts = [("post", other) for other in others[:3]]
    post.save_revision().publish()
    post.refresh_from_db()
    with CaptureQueriesContext(connection) as many:
        related = post.get_related_posts()
    assert len(related) == 3
    assert len(few) == len(many) == 1


@pytest.mark.django_db
def test_preview_shows_the_editors_unsaved_picks(topical):
    post = topical["old ketamine"]
    post.related_posts = [("post", topical["therapy"])]  # changed in memory, as in a preview, not saved
    assert [p.title for p in post.get_related_posts()][0] == "therapy"


# --- Post page ---------------------------------------------------------------------------------


def words(count):
    return " ".join(["calm"] * count)


@pytest.mark.django_db
@pytest.mark.parametrize(("count", "minutes"), [(0, 1), (150, 1), (200, 1), (201, 2), (1000, 5)])
def test_reading_time_is_computed_from_the_text_of_the_body(blog_index, count, minutes):
    half = count // 2
    body = [
        {
            "type": "section",
            "value": {"heading": "", "body": f"<p><a href='https://example.com/x'>{words(half)}</a></p>"},
        },
        {"type": "cta", "value": {"heading": "", "text": "", "link": {"label": words(count - half), "page": None}}},
    ]
    post = BlogPageFactory(parent=blog_index, slug="timed", body=body, introduction="")
    post.refresh_from_db()
    assert post.reading_minutes == minutes


@pytest.mark.django_db
def test_reading_time_counts_the_introduction_and_is_shown(client, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="intro", introduction=f"<p>{words(450)}</p>")
    assert post.reading_minutes == 3
    assert "3 min read" in soup_of(client, post.url).select_one(".byline").get_text()


@pytest.mark.django_db
def test_reading_time_is_counted_when_the_post_is_published_not_on_every_view(client, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="counted-once", introduction=f"<p>{words(450)}</p>")
    with mock.patch.object(BlogPage, "count_reading_minutes", autospec=True) as count:
        for url in [post.url, f"{post.url}?again", blog_index.url]:  # the post, and its card on the blog
            assert client.get(url).status_code == 200
    assert count.call_count == 0
    assert "3 min read" in soup_of(client, post.url).select_one(".byline").get_text()
    post.introduction = f"<p>{words(1000)}</p>"
    post.save_revision().publish()
    assert "5 min read" in soup_of(client, post.url).select_one(".byline").get_text()
    assert "5 min read" in soup_of(client, blog_index.url).get_text()


@pytest.mark.django_db
def test_post_shows_published_and_updated_dates_in_time_elements(client, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="dated", date=datetime.date(2026, 3, 2))
    post.save_revision().publish()
    soup = soup_of(client, post.url)
    assert [t["datetime"] for t in soup.select(".byline time")] == ["2026-03-02"], "not updated since first published"

    a_month_ago = timezone.now() - 30 * DAY
    BlogPage.objects.filter(pk=post.pk).update(first_published_at=a_month_ago, content_changed_at=a_month_ago)
    post.refresh_from_db()
    post.save_revision().publish()  # republished a month later, unchanged: not an update
    assert [t["datetime"] for t in soup_of(client, post.url).select(".byline time")] == ["2026-03-02"]
    post.refresh_from_db()
    post.summary = "Revised after new guidance."
    post.save_revision().publish()  # revised a month after it first went live
    post.refresh_from_db()
    updated = soup_of(client, post.url).select(".byline time")[-1]
    assert updated.parent.get_text().startswith("Updated")
    assert datetime.datetime.fromisoformat(updated["datetime"]) == post.content_changed_at


@pytest.mark.django_db
def test_posts_without_a_closing_call_to_action_get_the_booking_one(client, blog_index, home):
    from site_pages.models import ClinicSettings

    clinic = ClinicSettings.for_site(home.get_site())
    clinic.booking_link = [{"type": "link", "value": {"label": "Book now", "page": home.pk, "external_url": ""}}]
    clinic.save()
    bare = BlogPageFactory(parent=blog_index, slug="bare")
    soup = soup_of(client, bare.url)
    assert soup.select_one("article .cta a.button").get_text() == "Book now"

    cta = {"heading": "Talk to us", "text": "", "link": {"label": "Call", "page": home.pk}}
    ending = BlogPageFactory(parent=blog_index, slug="ending", body=[{"type": "cta", "value": cta}])
    assert len(soup_of(client, ending.url).select("article .cta")) == 1


@pytest.mark.django_db
def test_hero_image_is_a_responsive_picture_loaded_first(client, blog_index):
    image = ImageFactory(width=1600, height=900)
    post = BlogPageFactory(parent=blog_index, slug="hero", hero_image=image, hero_alt_text="A quiet waiting room")
    soup = soup_of(client, post.url)
    hero = soup.select_one(".post__hero")
    img = hero.find("img")
    assert img["alt"] == "A quiet waiting room"
    assert img["width"] and img["height"]
    assert img.get("loading") != "lazy" and img["fetchpriority"] == "high"
    assert {s["type"] for s in hero.find_all("source")} == {"image/avif", "image/webp"}
    assert "," in hero.find("source")["srcset"], "several widths to choose from"


@pytest.mark.django_db
def test_hero_image_needs_alt_text_unless_marked_decorative(client, blog_index):
    image = ImageFactory()
    post = BlogPageFactory(parent=blog_index, slug="hero")
    post.hero_image = image
    with pytest.raises(ValidationError) as error:
        post.clean()
    assert "hero_alt_text" in error.value.message_dict
    post.hero_decorative = True
    post.clean()
    decorative = BlogPageFactory(parent=blog_index, slug="deco", hero_image=image, hero_decorative=True)
    assert soup_of(client, decorative.url).select_one(".post__hero img")["alt"] == ""


@pytest.mark.django_db
def test_topic_pages_and_posts_with_topics_render_in_a_fixed_number_of_queries(client, settings, blog_index):
    from tests.test_public_pages import QUERY_BUDGET, queries_for

    settings.WAGTAIL_CACHE = True  # production; the budget counts a page's first, uncached view

    few, many = TopicFactory(slug="few"), TopicFactory(slug="many")
    lonely = BlogPageFactory(parent=blog_index, slug="lonely", topics=[few])
    posts = [BlogPageFactory(parent=blog_index, slug=f"m{n}", topics=[many, few]) for n in range(14)]
    busy = posts[0]
    busy.related_posts = [("post", other) for other in posts[1:4]]
    busy.save_revision().publish()
    for small, large in [("/blog/topic/few/", "/blog/topic/many/?page=2"), (lonely.url, busy.url)]:
        small_count, large_count = queries_for(client, small), queries_for(client, large)
        assert small_count == large_count, f"{small}: {small_count} queries, {large}: {large_count}"
        assert large_count <= QUERY_BUDGET, f"{large}: {large_count} queries"


@pytest.mark.django_db
def test_editor_previews_a_new_post_with_its_topics_and_picks_before_saving(admin_client, topical, blog_index):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    url = reverse("wagtailadmin_pages:preview_on_add", args=["blog", "blogpage", blog_index.pk])
    data = nested_form_data(
        {
            "title": "Unsaved",
            "slug": "unsaved",
            "date": "2026-11-01",
            "summary": "Not saved yet.",
            "introduction": rich_text(""),
            "authors": inline_formset([]),
            "related_posts": streamfield([("post", topical["untagged"].pk)]),
            "body": streamfield([]),
        }
    )
    data["topics"] = [topical["therapy topic"].pk]
    response = admin_client.post(url, data)
    assert response.json()["is_valid"], response.json()
    soup = BeautifulSoup(admin_client.get(url).content, "html.parser")
    assert soup.find("h1").get_text() == "Unsaved"
    assert card_titles(soup, ".related .card__title") == ["untagged", "therapy", "both"]


@pytest.mark.django_db
def test_bylines_show_credentials_and_link_to_profiles_where_they_exist(client, home, blog_index):
    from site_pages.models import Person
    from tests.factories import StandardPageFactory

    profile = StandardPageFactory(parent=home, slug="dr-ellison", title="Dr. Maya Ellison")
    reviewer = Person.objects.create(name="Maya Ellison", credentials="MD, FRCPC", profile_page=profile)
    author = Person.objects.create(name="Jordan Reyes", credentials="RN", role="Psychiatric nurse")
    post = BlogPageFactory(parent=blog_index, slug="signed", reviewed_by=reviewer, last_reviewed=START)
    post.authors = [post.authors.model(person=author)]
    post.save_revision().publish()
    byline = soup_of(client, post.url).select_one(".byline")
    by, reviewed = byline.find_all("p")[:2]
    assert by.get_text(" ", strip=True).startswith("By Jordan Reyes, RN (Psychiatric nurse)")
    assert not by.find("a"), "no profile page, no link"
    assert reviewed.find("a")["href"] == "/dr-ellison/"
    assert reviewed.find("a").get_text() == "Maya Ellison, MD, FRCPC"
    assert reviewed.find("time")["datetime"] == START.isoformat()
