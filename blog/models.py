from functools import cached_property

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtailseo.models import SeoType

from site_pages import structured_data as ld
from site_pages.blocks import INLINE_FEATURES, BodyBlock, toc_entries
from site_pages.models.review import ClinicalReviewMixin
from site_pages.models.seo import SeoPage


class BlogIndexPage(SeoPage):
    """The blog's front page: an introduction and the list of posts, newest first."""

    introduction = models.TextField(blank=True, help_text="A short paragraph shown above the list of posts.")

    content_panels = SeoPage.content_panels + [FieldPanel("introduction")]
    search_fields = SeoPage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPage"]
    page_description = "The blog: lists its posts, newest first. Add posts as children of this page."

    posts_per_page = 10

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        posts = BlogPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        # get_page() turns a missing, malformed or out-of-range ?page= into the first or last page.
        context["posts"] = Paginator(posts, self.posts_per_page).get_page(request.GET.get("page"))
        return context

    def structured_data(self):
        return [ld.web_page(self, "CollectionPage")]


class BlogPage(ClinicalReviewMixin, SeoPage):
    """A blog post or patient guide, built from the blocks of the shared block library."""

    date = models.DateField("Publication date", default=timezone.localdate)
    summary = models.TextField(
        max_length=300, help_text="One or two sentences shown in lists of posts and to search engines."
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

    content_panels = SeoPage.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("treatment"),
        InlinePanel("authors", label="Author", heading="Authors"),
        *ClinicalReviewMixin.review_panels,
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

    def structured_data(self):
        return [ld.blog_post(self), ld.faq_page(self)]


class BlogPageAuthor(Orderable):
    """One author of a post, in byline order."""

    page = ParentalKey(BlogPage, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey("site_pages.Person", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("person")]
