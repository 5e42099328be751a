"""The base of every page type: wagtail-seo's page mixin, with the gaps of wagtail-seo 3.1.1 closed here.

Each override below names the gap it fills. Structured data (JSON-LD) is built in
`seo.structured_data` from the same fields the visible page shows.

This app sits below the shared layer: site_pages builds its page types on SeoPage, so the clinic's
settings and services are looked up by their app label here, never imported.
"""

import json
from functools import cached_property

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Site
from wagtailseo import utils as seo_utils
from wagtailseo.models import SeoMixin, SeoSettings

# Social previews are 1200x630 (Open Graph's recommended 1.91:1); JPEG is what every crawler accepts.
OG_IMAGE_FILTER = "fill-1200x630|format-jpeg|jpegquality-85"


def validate_json_object(text):
    """Gap: wagtail-seo stores "additional organization markup" unchecked and json.loads() it on every page."""
    if not text.strip():
        return
    try:
        value = json.loads(text)
    except ValueError as error:
        raise ValidationError(f"This is not valid JSON: {error}") from error
    if not isinstance(value, dict):
        raise ValidationError('Enter a JSON object, e.g. {"slogan": "Care that listens"}.')


def extra_org_markup(seo_settings):
    """The editor's extra organization JSON, or nothing if what is stored is not a JSON object."""
    try:
        validate_json_object(seo_settings.struct_org_extra_json or "")
    except ValidationError:
        # Gap: invalid markup saved before validation existed (or via the shell) must not take pages down.
        return {}
    return json.loads(seo_settings.struct_org_extra_json) if seo_settings.struct_org_extra_json.strip() else {}


class SeoPage(SeoMixin):
    """A public page that describes itself to search engines and social sites."""

    noindex = models.BooleanField(
        "Hide from search engines",
        default=False,
        help_text="Asks search engines not to list this page, and leaves it out of the sitemap.",
    )

    # wagtail-seo's own panels replace Page.promote_panels: they hold the same fields plus its own.
    promote_panels = [
        *SeoMixin.seo_meta_panels,
        MultiFieldPanel([FieldPanel("noindex")], heading="Search engines"),
        *SeoMixin.seo_menu_panels,
    ]

    # Fallbacks for the meta description, in order: never an empty tag when the page has a summary.
    seo_description_sources = ["search_description", "summary", "introduction", "hero_text"]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        # Gap: wagtail-seo's properties take no request, so each calls get_site() and SeoSettings.for_site()
        # (about 34 queries a page). Remembering the request lets them share its cached site and settings.
        self.seo_request = request
        return super().get_context(request, *args, **kwargs)

    def route(self, request, path_components):
        # Routing loads every page from the site root down to the one served; remembering them gives the
        # breadcrumbs without querying the ancestors again.
        request.route_trail = [*getattr(request, "route_trail", []), self]
        return super().route(request, path_components)

    def _request_site(self):
        request = getattr(self, "seo_request", None)
        return Site.find_for_request(request) if request is not None else None

    def get_site(self):
        return self._request_site() or super().get_site()

    @cached_property
    def seo_org_fields(self):
        request = getattr(self, "seo_request", None)
        return SeoSettings.for_request(request) if request is not None else SeoSettings.for_site(self.get_site())

    @cached_property
    def clinic(self):
        ClinicSettings = apps.get_model("site_pages", "ClinicSettings")
        request = getattr(self, "seo_request", None)
        return ClinicSettings.for_request(request) if request is not None else ClinicSettings.for_site(self.get_site())

    @property
    def seo_sitename(self):
        # ClinicSettings is the one place the clinic's name is kept.
        return self.clinic.clinic_name

    @property
    def seo_description(self):
        # Gap: summaries are plain text, but a rich-text introduction would leak markup into the tag.
        from django.utils.html import strip_tags

        return strip_tags(super().seo_description).strip()

    @cached_property
    def seo_image(self):
        return self.og_image or self.seo_org_fields.og_image_default

    @cached_property
    def seo_image_rendition(self):
        """Gap: wagtail-seo links the original upload (any size or format) with no width, height or alt."""
        return self.seo_image.get_rendition(OG_IMAGE_FILTER) if self.seo_image else None

    @property
    def seo_image_url(self):
        rendition = self.seo_image_rendition
        return self.absolute_media_url(rendition.url) if rendition else ""

    @property
    def seo_image_alt(self):
        return self.seo_image.default_alt_text if self.seo_image else ""

    @property
    def seo_logo(self):
        return self.clinic.logo

    @cached_property
    def seo_logo_url(self):
        logo = self.clinic.logo
        return self.absolute_media_url(logo.get_rendition("height-240|format-png").url) if logo else ""

    def absolute_media_url(self, url):
        return seo_utils.ensure_absolute_url(url, seo_utils.get_absolute_media_url(self.get_site()))

    @property
    def seo_home_url(self):
        site = self.get_site()
        return f"{site.root_url}/" if site else "/"

    @property
    def seo_struct_org_base_dict(self):
        # Gap: wagtail-seo gives the Organization (and the Article publisher) the current page's URL.
        data = super().seo_struct_org_base_dict
        data["url"] = self.seo_home_url
        return data

    @cached_property
    def seo_struct_org_dict(self):
        """The clinic in full on the home page; elsewhere pages name it as publisher by its @id.

        Listing the services costs queries, so the full node is emitted once, where crawlers look for it.
        """
        from seo.structured_data import medical_clinic

        return medical_clinic(self) if self.is_home() else None

    @cached_property
    def breadcrumbs(self):
        """The trail from the home page to this page, for the visible breadcrumbs and BreadcrumbList alike.

        Empty on the home page itself: a trail of one says nothing.
        """
        request = getattr(self, "seo_request", None)
        site = self.get_site()
        if site is None or self.is_home():
            return []
        routed = getattr(request, "route_trail", [])
        if routed and routed[-1].pk == self.pk and routed[0].pk == site.root_page_id:
            ancestors = routed[:-1]
        else:  # previews and pages rendered outside routing
            ancestors = list(self.get_ancestors().filter(depth__gte=site.root_page.depth))
        return [
            {"title": crumb.title, "url": crumb.get_url(request), "full_url": crumb.get_full_url(request)}
            for crumb in [*ancestors, self]
        ]

    def is_home(self):
        """Whether this page is the root of the site it is served on (Page.is_site_root() queries; this does not)."""
        site = self.get_site()
        return bool(site) and site.root_page_id == self.pk

    def clinic_services(self):
        ServicePage = apps.get_model("site_pages", "ServicePage")
        site = self.get_site()
        return ServicePage.objects.live().public().descendant_of(site.root_page).order_by("path") if site else []

    def structured_data(self):
        """This page's own JSON-LD entities; each page type adds its own."""
        from seo import structured_data

        return [structured_data.web_page(self)]

    @cached_property
    def seo_structured_data(self):
        from seo import structured_data

        if not self.seo_org_fields.struct_meta:
            return []
        entities = [entity for entity in self.structured_data() if entity]
        if self.breadcrumbs:
            entities.append(structured_data.breadcrumb_list(self))
        return entities

    @property
    def seo_robots(self):
        """The robots meta content, or "" when crawlers may index and follow as usual."""
        request = getattr(self, "seo_request", None)
        # Previews, and anything answered to a POST (a form's thank-you page), are never for search results.
        if getattr(request, "is_preview", False) or getattr(request, "method", "GET") == "POST":
            return "noindex, nofollow"
        return "noindex" if self.noindex else ""

    def get_sitemap_urls(self, request=None):
        return [] if self.noindex else super().get_sitemap_urls(request)
