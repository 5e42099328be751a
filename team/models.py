"""The clinic's team: a page listing its clinicians and one profile page for each.

A profile shows the person's portrait, credentials and biography from Snippets > People, and the posts
they wrote or reviewed. Bylines link to it through `Person.profile_page` (`Person.get_url`).
"""

from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from blog.models import BlogPage, with_card_images
from seo import structured_data as ld
from seo.models import SeoPage
from site_pages.blocks import BodyBlock
from site_pages.models import Person


class TeamIndexPage(SeoPage):
    """The team page: an introduction and a card for each clinician's profile beneath it."""

    introduction = models.TextField(blank=True, help_text="A short paragraph shown under the title.")

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["team.ClinicianPage"]
    max_count = 1
    page_description = "The clinic's team: lists the clinician profiles placed under it."

    def clinicians(self):
        """The live profiles under this page, in the order editors arranged them, with their people."""
        return list(
            ClinicianPage.objects.live()
            .public()
            .child_of(self)
            .select_related("person", "person__photo")
            .prefetch_related("person__photo__renditions")
            .order_by("path")
        )

    def structured_data(self, view):
        return [ld.web_page(view, "CollectionPage")]


class ClinicianPage(SeoPage):
    """A clinician's profile: portrait, credentials and biography from People, and the posts they wrote or reviewed."""

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Their portrait, credentials, role and biography come from Snippets > People.",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="More about them: training, approach, languages.")

    content_panels = Page.content_panels + [FieldPanel("person"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["team.TeamIndexPage"]
    subpage_types = []
    page_description = "One clinician's profile. Point their People entry's profile page here so bylines link to it."

    posts_shown = 6

    @property
    def summary(self):
        # The meta description falls back to this (seo_description_sources): the biography editors keep in People.
        return self.person.bio

    def posts(self):
        """Live posts this person wrote or reviewed, newest first."""
        person = self.person_id
        posts = BlogPage.objects.live().public().filter(Q(authors__person=person) | Q(reviewed_by=person))
        return list(with_card_images(posts.distinct()).order_by("-date")[: self.posts_shown])

    def structured_data(self, view):
        data = ld.web_page(view, "ProfilePage")
        data["mainEntity"] = ld.person(view, self.person)
        return [data]
