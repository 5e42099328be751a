"""RSS 2.0 and Atom feeds of a blog and of each of its topics, served by BlogIndexPage's routes.

Every link in a feed is absolute (feed readers have no page to resolve a relative one against), on the
host the feed was requested from, and each entry carries the post's full summary, its authors and its
topics.
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
        if source.topic:
            return self.absolute(source.blog.topic_url(source.topic, self.request))
        return self.absolute(source.blog.get_url(self.request))

    def feed_url(self, source):
        return self.request.build_absolute_uri()

    def absolute(self, url):
        return self.request.build_absolute_uri(url)

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
        return self.absolute(post.get_url(self.request))

    def item_pubdate(self, post):
        return timezone.make_aware(datetime.datetime.combine(post.date, datetime.time.min))

    def item_updateddate(self, post):
        return post.last_published_at or self.item_pubdate(post)

    def item_author_name(self, post):
        return ", ".join(author.person.display_name for author in post.authors.all()) or None

    def item_categories(self, post):
        return [topic.name for topic in post.topics.all()]


class BlogAtomFeed(BlogFeed):
    feed_type = Atom1Feed
