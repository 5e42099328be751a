"""RSS 2.0 and Atom feeds of a blog and of each of its topics, served by BlogIndexPage's routes.

Every link in a feed is absolute (feed readers have no page to resolve a relative one against) and on
the site's canonical origin (Wagtail's Site record, `get_full_url`), never the host a request happened
to name; each entry carries the post's full summary, its authors and its topics.
"""

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from blog.models import BlogPageAuthor
from site_pages.models import ClinicSettings

FEED_LENGTH = 20


@dataclass
class FeedSource:
    blog: object
    topic: object


class BlogFeed(Feed):
    """The newest posts of a blog, or of one of its topics. An instance serves one request."""

    def get_object(self, request, blog, topic=None):
        self.request = request  # the item_* methods are given only the item
        return FeedSource(blog=blog, topic=topic)

    def title(self, source):
        clinic = ClinicSettings.for_request(self.request).clinic_name
        parts = [source.topic.name] if source.topic else []
        return " | ".join([*parts, source.blog.title, clinic])

    def description(self, source):
        if source.topic:
            return source.topic.description
        return source.blog.introduction or source.blog.search_description or source.blog.title

    def subtitle(self, source):  # Atom's name for the description
        return self.description(source)

    def link(self, source):
        base = source.blog.get_full_url(self.request)
        return base + source.blog.reverse_subpage("topic", args=[source.topic.slug]) if source.topic else base

    def feed_url(self, source):
        route = self.atom_route if self.feed_type is Atom1Feed else self.rss_route
        if source.topic:
            return source.blog.get_full_url(self.request) + source.blog.reverse_subpage(
                f"topic_{route}", args=[source.topic.slug]
            )
        return source.blog.get_full_url(self.request) + source.blog.reverse_subpage(route)

    rss_route, atom_route = "feed", "atom_feed"

    def items(self, source):
        posts = source.blog.posts()
        if source.topic:
            posts = posts.filter(topics=source.topic)
        authors = Prefetch("authors", queryset=BlogPageAuthor.objects.select_related("person"))
        return posts.order_by("-date", "-pk").prefetch_related(authors, "topics")[:FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.summary

    def item_link(self, post):
        return post.get_full_url(self.request)

    def item_pubdate(self, post):
        return timezone.make_aware(datetime.datetime.combine(post.date, datetime.time.min))

    def item_updateddate(self, post):
        return post.content_modified_at or self.item_pubdate(post)

    def item_author_name(self, post):
        return ", ".join(author.person.display_name for author in post.authors.all()) or None

    def item_categories(self, post):
        return [topic.name for topic in post.topics.all()]


class BlogAtomFeed(BlogFeed):
    feed_type = Atom1Feed
