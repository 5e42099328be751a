"""Feed readers subscribe to the blog, or to one topic, in RSS 2.0 or Atom, found from the page's head."""

import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup

from site_pages.models import Person
from tests.factories import BlogPageFactory, TopicFactory

FEEDS = {"rss": ("/blog/feed/", "rss20"), "atom": ("/blog/feed/atom/", "atom10")}


@pytest.fixture
def feed_posts(blog_index):
    ketamine = TopicFactory(name="Ketamine therapy", slug="ketamine-therapy", description="All about ketamine.")
    author = Person.objects.create(name="Jordan Reyes", credentials="RN")
    long_summary = "A calm, complete summary. " * 11  # close to the 300-character limit, never cut short
    older = BlogPageFactory(
        parent=blog_index, title="Older", slug="older", date=datetime.date(2026, 10, 1), summary=long_summary.strip()
    )
    newer = BlogPageFactory(
        parent=blog_index, title="Newer", slug="newer", date=datetime.date(2026, 10, 20), topics=[ketamine]
    )
    newer.authors = [newer.authors.model(person=author)]
    newer.save_revision().publish()
    BlogPageFactory(parent=blog_index, title="Draft", slug="draft", live=False)
    return {"older": older, "newer": newer, "topic": ketamine}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FEEDS)
def test_blog_feed_lists_live_posts_newest_first_with_full_summaries(client, feed_posts, kind):
    url, version = FEEDS[kind]
    response, feed = parse(client, url)
    assert feed.version == version
    assert response["Content-Type"].startswith("application/rss+xml" if kind == "rss" else "application/atom+xml")
    assert [entry.title for entry in feed.entries] == ["Newer", "Older"]
    assert feed.feed.title.startswith("Blog |")
    older = feed.entries[1]
    assert older.summary == feed_posts["older"].summary, "the whole summary, not an excerpt"
    newer = feed.entries[0]
    assert newer.author == "Jordan Reyes, RN"
    assert [tag.term for tag in newer.tags] == ["Ketamine therapy"]
    assert newer.published_parsed[:3] == (2026, 10, 20)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FEEDS)
def test_every_link_in_a_feed_is_absolute(client, feed_posts, kind):
    _, feed = parse(client, FEEDS[kind][0])
    assert feed.feed.link == "http://localhost/blog/"
    assert [entry.link for entry in feed.entries] == ["http://localhost/blog/newer/", "http://localhost/blog/older/"]
    assert all(entry.id.startswith("http://localhost/") for entry in feed.entries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/blog/topic/ketamine-therapy/feed/", "/blog/topic/ketamine-therapy/feed/atom/"])
def test_each_topic_has_its_own_feed(client, feed_posts, url):
    _, feed = parse(client, url)
    assert feed.feed.title.startswith("Ketamine therapy | Blog |")
    assert feed.feed.link == "http://localhost/blog/topic/ketamine-therapy/"
    assert feed.feed.get("subtitle") == "All about ketamine."
    assert [entry.title for entry in feed.entries] == ["Newer"]


@pytest.mark.django_db
def test_feed_of_an_unknown_topic_is_a_404(client, feed_posts):
    assert client.get("/blog/topic/nothing/feed/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/blog/", ["/blog/feed/", "/blog/feed/atom/"]),
        ("/blog/newer/", ["/blog/feed/", "/blog/feed/atom/"]),
        (
            "/blog/topic/ketamine-therapy/",
            [
                "/blog/feed/",
                "/blog/feed/atom/",
                "/blog/topic/ketamine-therapy/feed/",
                "/blog/topic/ketamine-therapy/feed/atom/",
            ],
        ),
    ],
)
def test_pages_announce_their_feeds_in_the_head(client, feed_posts, url, expected):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    links = soup.head.find_all("link", rel="alternate")
    assert [link["href"] for link in links] == expected
    assert {link["type"] for link in links} == {"application/rss+xml", "application/atom+xml"}
    for link in links:
        assert client.get(link["href"]).status_code == 200
