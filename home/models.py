from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from blog.models import BlogPage, with_card_images
from seo import structured_data as ld
from seo.models import SeoPage
from site_pages.blocks import BodyBlock
from site_pages.models import ServicePage
from site_pages.models.pages import BODY_HELP_TEXT


class HomePage(SeoPage):
    """The front page: a welcoming headline, flexible content and the newest guides."""

    hero_heading = models.CharField(max_length=120, help_text="The main headline visitors see first.")
    hero_text = models.TextField(blank=True, help_text="One or two calm sentences under the headline.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A calm, wide picture beside the headline (3:2). It is decorative: no alt text needed.",
    )
    featured_posts = StreamField(
        [("post", blocks.PageChooserBlock(page_type="blog.BlogPage", label="Post or guide"))],
        blank=True,
        max_num=3,
        verbose_name="Featured guides",
        help_text="Up to three posts shown on the home page, in this order. Empty: the newest three.",
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = SeoPage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("hero_image")], heading="Hero"
        ),
        FieldPanel("featured_posts"),
        FieldPanel("body", help_text=BODY_HELP_TEXT),
    ]
    search_fields = SeoPage.search_fields + [
        index.SearchField("hero_heading"),
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "site_pages.StandardPage",
        "site_pages.ServicePage",
        "blog.BlogIndexPage",
        "booking.BookingPage",
        "team.TeamIndexPage",
    ]
    max_count = 1
    page_description = "The site's front page. There is only one."

    latest_posts_count = 3
    hero_renditions = "hero"  # site_pages/renditions.py: made on publish in the shape the hero shows

    def featured_guides(self):
        """The posts editors chose, in their order (live ones only); the newest posts when they chose none."""
        posts = with_card_images(BlogPage.objects.live().public().descendant_of(self))
        chosen = [child["value"] for child in self.featured_posts.raw_data if child.get("value")]
        if not chosen:
            return list(posts.order_by("-date")[: self.latest_posts_count])
        by_id = posts.in_bulk(chosen)
        return [by_id[pk] for pk in chosen if pk in by_id]

    def services(self):
        """The treatments the clinic offers: its live service pages, in menu order."""
        pages = ServicePage.objects.live().public().child_of(self).order_by("path")
        return list(pages.select_related("hero_image").prefetch_related("hero_image__renditions"))

    def structured_data(self, view):
        return [ld.web_page(view), ld.faq_page(view)]

    def sitemap_lastmod(self):
        # The page lists featured guides (or the newest posts): it changes when they do.
        dates = [self.content_modified_at, *(post.content_modified_at for post in self.featured_guides())]
        return max(filter(None, dates), default=None)
