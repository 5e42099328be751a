from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from blog.models import BlogPage
from seo import structured_data as ld
from seo.models import SeoPage
from site_pages.blocks import BodyBlock


class HomePage(SeoPage):
    """The front page: a welcoming headline, flexible content and the newest guides."""

    hero_heading = models.CharField(max_length=120, help_text="The main headline visitors see first.")
    hero_text = models.TextField(blank=True, help_text="One or two calm sentences under the headline.")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = SeoPage.content_panels + [
        MultiFieldPanel([FieldPanel("hero_heading"), FieldPanel("hero_text")], heading="Hero"),
        FieldPanel("body"),
    ]
    search_fields = SeoPage.search_fields + [
        index.SearchField("hero_heading"),
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["site_pages.StandardPage", "site_pages.ServicePage", "blog.BlogIndexPage", "booking.BookingPage"]
    max_count = 1
    page_description = "The site's front page. There is only one."

    latest_posts_count = 3

    def latest_posts(self):
        return list(BlogPage.objects.live().public().descendant_of(self).order_by("-date")[: self.latest_posts_count])

    def structured_data(self, view):
        return [ld.web_page(view), ld.faq_page(view)]

    def sitemap_lastmod(self):
        # The page lists the newest posts: it changes when they do.
        dates = [self.content_modified_at, *(post.content_modified_at for post in self.latest_posts())]
        return max(filter(None, dates), default=None)
