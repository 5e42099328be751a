import math

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.db.models import Case, Exists, Max, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtailseo.models import SeoType

from clinical_review.models import ClinicalReviewMixin
from seo import structured_data as ld
from seo.models import SeoPage
from serving.shared_lookups import shared_cache, site_restrictions_exist
from site_pages.blocks import INLINE_FEATURES, BodyBlock, missing_alt_text, stream_text, toc_entries
from site_pages.models.crisis import CrisisSupportMixin
from site_pages.models.pages import BODY_HELP_TEXT
from site_pages.pasted_text import tidy_pasted_html

# Topics are a snippet rather than free tags: each one has its own page, which needs a title and a
# description written by staff, and a short, fixed list keeps readers (and editors) from meeting
# "ketamine", "Ketamine" and "ketamine-therapy" as three topics.


@register_snippet
class Topic(index.Indexed, models.Model):
    """A subject posts are filed under; each topic has its own page listing its posts, and its own feed."""

    name = models.CharField(max_length=80, unique=True, help_text="As readers see it, e.g. “Ketamine therapy”.")
    slug = models.SlugField(
        max_length=80, unique=True, help_text="The last part of the topic's address, e.g. “ketamine-therapy”."
    )
    description = models.TextField(
        max_length=300, help_text="One or two sentences shown on the topic's page and to search engines."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def with_card_images(posts):
    """Post cards show each hero image: load images and renditions with the posts, not a query per card."""
    return posts.select_related("hero_image").prefetch_related("hero_image__renditions")


def reading_minutes_of(introduction, body, words_per_minute):
    """Minutes to read a post's introduction (rich text) and body (a stream), rounded up."""
    texts = [get_text_for_indexing(introduction or ""), *stream_text(body)]
    words = sum(len(text.split()) for text in texts)
    return max(1, math.ceil(words / words_per_minute))


class BlogIndexPage(RoutablePageMixin, SeoPage):
    """The blog's front page: a featured post, the list of posts newest first, topic pages and feeds."""

    introduction = models.TextField(blank=True, help_text="A short paragraph shown above the list of posts.")
    featured_post = models.ForeignKey(
        "blog.BlogPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown first, above the list. Leave empty to feature the newest post.",
    )

    content_panels = SeoPage.content_panels + [FieldPanel("introduction"), FieldPanel("featured_post")]
    search_fields = SeoPage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPage"]
    page_description = "The blog: lists its posts, newest first. Add posts as children of this page."

    posts_per_page = 10
    # Addresses the blog's own routes use; a post with one of these slugs would be hidden behind them.
    reserved_slugs = {"topic", "feed"}

    @path("topic/<slug:slug>/", name="topic")
    def topic_route(self, request, slug):
        return self.render(request, topic_slug=slug)

    @path("feed/", name="feed")
    @path("topic/<slug:topic_slug>/feed/", name="topic_feed")
    def rss_feed(self, request, topic_slug=None):
        from blog.feeds import BlogFeed

        return BlogFeed()(request, blog=self, topic=self.topic_for_slug(topic_slug))

    @path("feed/atom/", name="atom_feed")
    @path("topic/<slug:topic_slug>/feed/atom/", name="topic_atom_feed")
    def atom_feed(self, request, topic_slug=None):
        from blog.feeds import BlogAtomFeed

        return BlogAtomFeed()(request, blog=self, topic=self.topic_for_slug(topic_slug))

    def serve(self, request, *args, **kwargs):
        # Page 1 has one address: ?page=1 would be a duplicate of the listing itself.
        if request.GET.get("page") == "1":
            query = request.GET.copy()
            del query["page"]
            return redirect(request.path + (f"?{query.urlencode()}" if query else ""), permanent=True)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, topic_slug=None, **kwargs):
        posts = self.posts()
        # One query for every topic, with whether it has posts here: the filter lists those that do and
        # a topic page finds its own topic without another query.
        topics = list(Topic.objects.annotate(has_posts=Exists(posts.filter(topics=OuterRef("pk")))))
        topic = self.find_topic(topics, topic_slug) if topic_slug else None
        featured = None
        if topic:
            posts = posts.filter(topics=topic)
        else:
            featured = self.featured(posts)
            if featured:
                posts = posts.exclude(pk=featured.pk)
        paginator = Paginator(with_card_images(posts).order_by("-date", "-pk"), self.posts_per_page)
        page_of_posts = self.page_of(paginator, request.GET.get("page"))
        # The topic and page number reach the SEO tags through the context (seo_view), not the page instance.
        seo_state = {"topic": topic, "page_number": page_of_posts.number}
        context = super().get_context(request, *args, seo_state=seo_state, **kwargs)
        base_url = self.topic_url(topic, request) if topic else self.get_url(request)
        context.update(
            posts=page_of_posts,
            featured_post=featured if page_of_posts.number == 1 else None,
            topic=topic,
            topic_links=[
                {"topic": t, "url": self.topic_url(t, request), "current": t == topic} for t in topics if t.has_posts
            ],
            feeds=self.feed_links(request, topic),
            previous_url=self.listing_url(base_url, page_of_posts.previous_page_number())
            if page_of_posts.has_previous()
            else None,
            next_url=self.listing_url(base_url, page_of_posts.next_page_number()) if page_of_posts.has_next() else None,
        )
        return context

    @staticmethod
    def page_of(paginator, number):
        """The requested page of posts; a malformed or out-of-range ?page= is a 404, not another page's copy."""
        if number is None:
            return paginator.page(1)
        if not number.isdigit():
            raise Http404("No such page of posts")
        try:
            return paginator.page(int(number))
        except EmptyPage as error:
            raise Http404("No such page of posts") from error

    @staticmethod
    def listing_url(base_url, number):
        return base_url if number == 1 else f"{base_url}?page={number}"

    def structured_data(self, view):
        return [ld.web_page(view, "CollectionPage")]

    def sitemap_lastmod(self):
        # The listing shows its posts: it changes when one of them does.
        newest = self.posts().aggregate(newest=Max(Coalesce("content_changed_at", "last_published_at")))["newest"]
        return max(filter(None, [self.content_modified_at, newest]), default=None)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        changed = Coalesce("blog_pages__content_changed_at", "blog_pages__last_published_at")
        live_posts = Q(blog_pages__in=self.posts())
        topics = Topic.objects.filter(live_posts).annotate(lastmod=Max(changed, filter=live_posts)).order_by("name")
        return urls + [
            {"location": self.get_full_url(request) + self.reverse_subpage("topic", args=[topic.slug]),
             "lastmod": topic.lastmod, "image_ids": []}
            for topic in topics.distinct()
        ]  # fmt: skip

    def posts(self):
        posts = BlogPage.objects.child_of(self).live()
        return posts.public() if site_restrictions_exist() else posts

    def featured(self, posts):
        """The editor's pick when it is live here, else the newest post."""
        first = Case(When(pk=self.featured_post_id, then=Value(0)), default=Value(1))
        return with_card_images(posts).order_by(first, "-date", "-pk").first()

    @staticmethod
    def find_topic(topics, slug):
        for topic in topics:
            if topic.slug == slug:
                return topic
        raise Http404("No such topic")

    @staticmethod
    def topic_for_slug(slug):
        return get_object_or_404(Topic, slug=slug) if slug else None

    def topic_url(self, topic, request=None):
        return self.get_url(request) + self.reverse_subpage("topic", args=[topic.slug])

    def feed_links(self, request, topic=None):
        """The `<link rel="alternate">` feeds for the page's head: the blog's, and the topic's on a topic page.

        Same-origin paths: feed readers resolve them against the page, and the page loads nothing absolute.
        """
        base = self.get_url(request)
        links = [
            {
                "title": f"{self.title} (RSS)",
                "type": "application/rss+xml",
                "href": base + self.reverse_subpage("feed"),
            },
            {
                "title": f"{self.title} (Atom)",
                "type": "application/atom+xml",
                "href": base + self.reverse_subpage("atom_feed"),
            },
        ]
        if topic:
            links += [
                {
                    "title": f"{topic.name} (RSS)",
                    "type": "application/rss+xml",
                    "href": base + self.reverse_subpage("topic_feed", args=[topic.slug]),
                },
                {
                    "title": f"{topic.name} (Atom)",
                    "type": "application/atom+xml",
                    "href": base + self.reverse_subpage("topic_atom_feed", args=[topic.slug]),
                },
            ]
        return links


class BlogPage(ClinicalReviewMixin, CrisisSupportMixin, SeoPage):
    """A blog post or patient guide, built from the blocks of the shared block library."""

    date = models.DateField(
        "Publication date",
        default=timezone.localdate,
        help_text="Shown in the byline. A post scheduled to go live later takes its go-live date.",
    )
    summary = models.TextField(
        max_length=300, help_text="One or two sentences shown in lists of posts and to search engines."
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. Shown under the title, full width.",
    )
    hero_alt_text = models.CharField(
        "Alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for people who cannot see it.",
    )
    hero_decorative = models.BooleanField(
        "Decorative", default=False, help_text="Tick only if the image adds no information; screen readers skip it."
    )
    introduction = RichTextField(
        features=INLINE_FEATURES, blank=True, help_text="The opening paragraphs, shown before the contents list."
    )
    body = StreamField(BodyBlock(), blank=True)
    treatment = models.ForeignKey(
        "site_pages.ServicePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The treatment this post is about; search engines are told so.",
    )
    topics = ParentalManyToManyField(
        "blog.Topic",
        blank=True,
        related_name="blog_pages",
        help_text="Tick every subject the post covers; it is listed on each topic's page. Topics live under Snippets.",
    )
    # A stream rather than an inline model: the picks' ids live on the page itself, so a preview shows the
    # editor's current picks and serving the page costs no query to read them.
    related_posts = StreamField(
        [("post", blocks.PageChooserBlock(page_type="blog.BlogPage"))],
        blank=True,
        max_num=3,
        help_text="Up to three posts from this blog to suggest at the end. "
        "Leave empty to suggest the newest posts that share a topic.",
    )
    # Worked out from the text on every save (publishing saves), so neither the post nor a listing of
    # posts counts the words of every post on every view.
    reading_time = models.PositiveSmallIntegerField("Minutes to read", null=True, editable=False)

    content_panels = SeoPage.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_alt_text"), FieldPanel("hero_decorative")],
            heading="Hero image",
        ),
        FieldPanel("introduction"),
        FieldPanel("body", help_text=BODY_HELP_TEXT),
        FieldPanel("treatment"),
        InlinePanel("authors", label="Author", heading="Authors"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("related_posts"),
        *ClinicalReviewMixin.review_panels,
        *CrisisSupportMixin.crisis_panels,
    ]
    search_fields = SeoPage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    page_description = "A blog post or patient guide. Build it from blocks: sections, lists, FAQs, a call to action."

    seo_content_type = SeoType.ARTICLE

    related_posts_count = 3
    words_per_minute = 200  # an unhurried pace for health information

    def clean(self):
        super().clean()
        self.introduction = tidy_pasted_html(self.introduction)
        if self.go_live_at and not self.first_published_at:
            # A post scheduled to go live is dated the day it does, not the day its draft was started.
            self.date = timezone.localdate(self.go_live_at)
        errors = {}
        if self.slug in BlogIndexPage.reserved_slugs:
            errors["slug"] = f"“{self.slug}” is used by the blog's own addresses; choose another slug."
        if self.hero_image and (message := missing_alt_text(self.hero_alt_text, self.hero_decorative)):
            errors["hero_alt_text"] = message
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.reading_time = self.count_reading_minutes()
        return super().save(*args, **kwargs)

    def serve_preview(self, request, *args, **kwargs):
        self.reading_time = self.count_reading_minutes()  # the editor's unsaved text
        return super().serve_preview(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        blog = self.get_parent().specific  # cached by Wagtail's routing: no query while serving
        context.update(related_posts=self.related_posts_for(request), feeds=blog.feed_links(request))
        return context

    def related_posts_for(self, request):
        """The related posts of the live page, from the shared cache: any publish, unpublish or move clears it
        (serving/purge.py), so it never lists a post that changed. A preview shows the editor's picks."""
        if getattr(request, "is_preview", False) or not self.live or not self.pk:
            return self.get_related_posts()
        cache = shared_cache()
        key = f"related-posts:{self.pk}:{self.live_revision_id}"
        posts = cache.get(key)
        if posts is None:
            posts = self.get_related_posts()
            cache.set(key, posts)
        return posts

    def table_of_contents(self):
        return toc_entries(self.body)

    @cached_property
    def author_people(self):
        # Cached: the byline and the structured data both read it.
        return [author.person for author in self.authors.select_related("person", "person__profile_page")]

    @property
    def seo_author(self):
        return ", ".join(person.display_name for person in self.author_people)

    @property
    def seo_published_at(self):
        # The date the byline shows, so the article tags say what the page says.
        return self.date

    def structured_data(self, view):
        return [*ld.blog_post(view), ld.faq_page(view)]

    @property
    def reading_minutes(self):
        """Minutes to read the post, as worked out when it was last saved."""
        if self.reading_time is None:  # saved before reading times were stored
            self.reading_time = self.count_reading_minutes()
        return self.reading_time

    def count_reading_minutes(self):
        """Minutes to read the introduction and every block's text, rounded up."""
        return reading_minutes_of(self.introduction, self.body, self.words_per_minute)

    @property
    def ends_with_call_to_action(self):
        return bool(self.body.raw_data) and self.body.raw_data[-1]["type"] == "cta"

    @property
    def hero_alt(self):
        return "" if self.hero_decorative else self.hero_alt_text

    def listing_urls(self):
        """The pages that list this post, for the CDN to forget with it (serving/purge.py): its blog's pages
        of posts and feeds, those of its topics, the posts sharing a topic with it (their related reading),
        and the home page when it shows the post."""
        blog = self.get_parent().specific
        base_url = blog.get_full_url()
        if base_url is None:
            return []
        posts = blog.posts()
        listings = [(base_url, posts)]
        for topic in self.topics.all():
            listings.append((base_url + blog.reverse_subpage("topic", args=[topic.slug]), posts.filter(topics=topic)))
        urls = []
        for listing_url, listed in listings:
            # Counted with this post, whether it has just gone live or just been unpublished.
            pages = math.ceil((listed.exclude(pk=self.pk).count() + 1) / blog.posts_per_page)
            urls += [blog.listing_url(listing_url, number) for number in range(1, pages + 1)]
            urls += [f"{listing_url}feed/", f"{listing_url}feed/atom/"]
        # Related reading shows the newest posts sharing a topic: any post sharing one may list this one.
        sharing = posts.filter(topics__in=self.topics.all()).exclude(pk=self.pk).distinct()
        urls += [url for post in sharing if (url := post.get_full_url())]
        home = blog.get_parent().specific
        if hasattr(home, "featured_posts"):
            chosen = [child["value"] for child in home.featured_posts.raw_data if child.get("value")]
            if not chosen or self.pk in chosen:  # with no picks, the home page shows the newest posts
                urls.append(home.get_full_url())
        return urls

    def get_related_posts(self):
        """The editor's picks in their order, then the newest posts sharing a topic: one query.

        Only posts of this blog are suggested, so the posts' shared ancestors already grant access and
        a post's own view restriction is the only one left to check.
        """
        pick_ids = [child["value"] for child in self.related_posts.raw_data if child.get("value")]
        shares_topic = Exists(
            BlogPage.topics.through.objects.filter(blogpage=OuterRef("pk"), topic__in=self.topics.all())
        )
        order = ["-date", "-pk"]
        if pick_ids:  # (a CASE without a WHEN would be a bare constant, which PostgreSQL reads as a column number)
            order.insert(0, Case(*[When(pk=pk, then=i) for i, pk in enumerate(pick_ids)], default=len(pick_ids)))
        return list(
            with_card_images(BlogPage.objects.live())
            .sibling_of(self, inclusive=False)
            .filter(view_restrictions__isnull=True)
            .filter(Q(pk__in=pick_ids) | shares_topic)
            .order_by(*order)[: self.related_posts_count]
        )


class BlogPageAuthor(Orderable):
    """One author of a post, in byline order."""

    page = ParentalKey(BlogPage, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        "site_pages.Person",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Choose from Snippets › People; add the writer there first if they are missing.",
    )

    panels = [FieldPanel("person")]
