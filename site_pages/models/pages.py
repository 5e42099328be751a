from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from clinical_review.models import ClinicalReviewMixin
from seo import structured_data as ld
from seo.models import SeoPage
from site_pages.blocks import BodyBlock

from .crisis import CrisisSupportMixin

# Help for StreamFields sits on their panels: in the model it would copy the whole block library into
# a migration each time the wording changes.
BODY_HELP_TEXT = (
    "The page's content, block by block. Use + to add a section, list, FAQ or call to action; "
    "drag blocks to reorder them and open one to edit it."
)


class StandardPage(SeoPage):
    """A plain content page, such as About or Contact: an introduction and a flexible body."""

    introduction = models.TextField(blank=True, help_text="A short paragraph shown under the title.")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body", help_text=BODY_HELP_TEXT)]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "site_pages.StandardPage"]
    subpage_types = ["site_pages.StandardPage"]
    page_description = "A general page such as About, Contact or a policy."

    def structured_data(self, view):
        return [ld.web_page(view), ld.faq_page(view)]


class ServicePage(ClinicalReviewMixin, CrisisSupportMixin, SeoPage):
    """A treatment the clinic offers, such as Ketamine Therapy: what it is, who it suits, how to start."""

    summary = models.TextField(
        max_length=300, help_text="One or two sentences describing the service, shown on cards and under the title."
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A calm picture under the title and on the service's card on the home page (3:2). "
        "It is decorative: no alt text needed.",
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = (
        Page.content_panels
        + [FieldPanel("summary"), FieldPanel("hero_image"), FieldPanel("body", help_text=BODY_HELP_TEXT)]
        + ClinicalReviewMixin.review_panels
        + CrisisSupportMixin.crisis_panels
    )
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    page_description = "A treatment or service the clinic offers, e.g. Ketamine Therapy or Psychiatry."

    def structured_data(self, view):
        return [*ld.service_page(view), ld.faq_page(view)]
