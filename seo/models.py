"""The base of every page type: wagtail-seo's page mixin, with the gaps of wagtail-seo 3.1.1 closed here.

Each override below names the gap it fills. Structured data (JSON-LD) is built in
`seo.structured_data` from the same fields the visible page shows.

This app sits below the shared layer: site_pages builds its page types on SeoPage, so the clinic's
settings and services are looked up by their app label here, never imported.
"""

import hashlib
import json
from functools import cached_property

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import Http404
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import PageViewRestriction, Site
from wagtailseo import utils as seo_utils
from wagtailseo.models import SeoMixin, SeoSettings

from serving.shared_lookups import child_page, site_restrictions_exist
from site_pages.renditions import RENDITIONS

# Longer titles are cut off in search results (Yoast and wagtail-seo warn at the same length).
TITLE_MAX_LENGTH = 60
# Indexable pages let search engines show a large image preview and a full snippet (Yoast's default).
INDEX_ROBOTS = "index, follow, max-image-preview:large, max-snippet:-1"
# Page fields that change with every publish or edit without changing what a reader sees.
BOOKKEEPING_FIELDS = {
    "pk", "path", "depth", "numchild", "url_path", "live", "has_unpublished_changes", "first_published_at",
    "last_published_at", "latest_revision_created_at", "latest_revision", "live_revision", "locked", "locked_at",
    "locked_by", "owner", "draft_title", "go_live_at", "expire_at", "expired", "content_type", "translation_key",
    "locale", "alias_of", "content_changed_at", "content_fingerprint", "wagtail_admin_comments",
    "reading_time",
}  # fmt: skip


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
    # Honest dates: republishing a page unchanged must not tell crawlers (or readers) it was updated.
    content_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    content_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

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

    def get_context(self, request, *args, seo_state=None, **kwargs):
        """Adds `seo`, what crawlers read about this rendering; listings pass their topic and page number
        as `seo_state`, so nothing about one request is kept on the page instance."""
        from seo.meta import SeoView

        # Gap: wagtail-seo's properties take no request, so each calls get_site() and SeoSettings.for_site()
        # (about 34 queries a page). Remembering the request lets them share its cached site and settings.
        self.seo_request = request
        context = super().get_context(request, *args, **kwargs)
        context["seo"] = SeoView(self, request, **(seo_state or {}))
        return context

    def route(self, request, path_components):
        # Routing loads every page from the site root down to the one served; remembering them gives the
        # breadcrumbs without querying the ancestors again.
        request.route_trail = [*getattr(request, "route_trail", []), self]
        if not path_components:
            return super().route(request, path_components)
        # Wagtail's Page.route, with each level's specific child from the shared cache (serving/purge.py
        # clears it whenever any page changes) instead of two queries.
        child = child_page(self, path_components[0])
        if child is None:
            raise Http404
        child._cached_parent_obj = self  # treebeard's get_parent() then needs no query
        return child.route(request, path_components[1:])

    def get_view_restrictions(self):
        # Checked by Wagtail on every view; with none anywhere on the site (the usual case) it costs no query.
        if not site_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def _request_site(self):
        request = getattr(self, "seo_request", None)
        return Site.find_for_request(request) if request is not None else None

    def get_site(self):
        return self._request_site() or super().get_site()

    @cached_property
    def seo_org_fields(self):
        request = getattr(self, "seo_request", None)
        if request is not None:
            return SeoSettings.for_request(request)
        site = self.get_site() or Site.objects.filter(is_default_site=True).first()
        return SeoSettings.for_site(site) if site else SeoSettings()

    @cached_property
    def clinic(self):
        ClinicSettings = apps.get_model("site_pages", "ClinicSettings")
        request = getattr(self, "seo_request", None)
        if request is not None:
            return ClinicSettings.for_request(request)
        # A page not (yet) under any site, e.g. one the admin has just created: the default site's settings.
        site = self.get_site() or Site.objects.filter(is_default_site=True).first()
        return ClinicSettings.for_site(site) if site else ClinicSettings()

    @property
    def seo_sitename(self):
        # ClinicSettings is the one place the clinic's name is kept.
        return self.clinic.clinic_name

    @property
    def seo_pagetitle(self):
        """The editor's SEO title, else "Title | clinic name" when that fits in 60 characters, else the title."""
        if self.seo_title:
            return self.seo_title
        with_name = f"{self.title} {settings.WAGTAILSEO_SEP} {self.seo_sitename}"
        return with_name if len(with_name) <= TITLE_MAX_LENGTH else self.title

    @property
    def seo_description(self):
        # Gap: summaries are plain text, but a rich-text introduction would leak markup into the tag.
        from django.utils.html import strip_tags

        return strip_tags(super().seo_description).strip()

    @property
    def seo_hero(self):
        """The page's own main image and its alt text, for pages that have one (posts' hero images)."""
        image = getattr(self, "hero_image", None)
        return (image, getattr(self, "hero_alt", "") or image.default_alt_text) if image else (None, "")

    @cached_property
    def seo_image_and_alt(self):
        """The sharing image: the one chosen on the Promote tab, else the hero image, else the site default."""
        if self.og_image:
            return self.og_image, self.og_image.default_alt_text
        hero, alt = self.seo_hero
        if hero:
            return hero, alt
        default = self.seo_org_fields.og_image_default
        return (default, default.default_alt_text) if default else (None, "")

    @property
    def seo_image(self):
        return self.seo_image_and_alt[0]

    @cached_property
    def seo_image_rendition(self):
        """Gap: wagtail-seo links the original upload (any size or format) with no width, height or alt."""
        return self.seo_image.get_rendition(RENDITIONS["social"]) if self.seo_image else None

    @property
    def seo_image_url(self):
        rendition = self.seo_image_rendition
        return self.absolute_media_url(rendition.url) if rendition else ""

    @property
    def seo_image_alt(self):
        return self.seo_image_and_alt[1]

    @property
    def seo_logo(self):
        return self.clinic.logo

    @cached_property
    def seo_logo_url(self):
        logo = self.clinic.logo
        return self.absolute_media_url(logo.get_rendition(RENDITIONS["logo_for_search"]).url) if logo else ""

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

    def structured_data(self, view):
        """This page's own JSON-LD nodes, added to the site-wide ones in the page's @graph."""
        from seo import structured_data

        return [structured_data.web_page(view)]

    # --- Honest dates ------------------------------------------------------------------------------

    @property
    def content_modified_at(self):
        """When what a reader sees last changed (not merely when the page was last republished)."""
        return self.content_changed_at or self.last_published_at or self.first_published_at

    @property
    def updated_at(self):
        """When the content last changed, if that was on a later day than its publication; else None.

        The same moment as the structured data's dateModified and the sitemap's lastmod.
        """
        first, last = self.first_published_at, self.content_modified_at
        published = max(filter(None, [first and timezone.localdate(first), getattr(self, "date", None)]), default=None)
        if last and published and timezone.localdate(last) > published:
            return last
        return None

    def content_signature(self):
        """A fingerprint of the page's content, blind to the bookkeeping fields every publish changes."""
        data = {key: value for key, value in self.serializable_data().items() if key not in BOOKKEEPING_FIELDS}
        encoded = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder, default=str)
        return hashlib.sha256(encoded.encode()).hexdigest()

    def record_content_change(self):
        """Called on publish: move content_changed_at only if the published content differs from last time."""
        signature = self.content_signature()
        if signature == self.content_fingerprint and self.content_changed_at:
            return
        changed_at = self.last_published_at or timezone.now()
        type(self).objects.filter(pk=self.pk).update(content_fingerprint=signature, content_changed_at=changed_at)
        self.content_fingerprint, self.content_changed_at = signature, changed_at

    # --- Sitemap -----------------------------------------------------------------------------------

    def canonical_elsewhere(self):
        """Whether the editor pointed this page's canonical URL at another address."""
        return bool(self.canonical_url) and self.canonical_url.rstrip("/") != self.get_full_url().rstrip("/")

    def sitemap_lastmod(self):
        return self.content_modified_at

    def sitemap_image_ids(self):
        """Images this page shows: its hero image and those in its body's image blocks."""
        ids = [self.hero_image_id] if getattr(self, "hero_image_id", None) else []
        body = getattr(self, "body", None)
        for child in getattr(body, "raw_data", []) or []:
            if child["type"] == "image" and child["value"].get("image"):
                ids.append(child["value"]["image"])
        return ids

    def get_sitemap_urls(self, request=None):
        if self.noindex or self.canonical_elsewhere():
            return []
        return [
            {
                "location": self.get_full_url(request),
                "lastmod": self.sitemap_lastmod(),
                "image_ids": self.sitemap_image_ids(),
            }
        ]

    # --- Admin -------------------------------------------------------------------------------------

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        if mode_name == "wagtail-seo":
            # Gap: wagtail-seo measures the SEO title field, empty when the default title is used.
            context["seo_warnings"] = [w for w in context["seo_warnings"] if "Title tag" not in str(w)]
            if warning := self.title_length_warning():
                context["seo_warnings"].insert(0, warning)
        return context

    def title_length_warning(self):
        title = self.seo_pagetitle
        if len(title) > TITLE_MAX_LENGTH:
            return (
                f"The title search engines show, “{title}”, is {len(title)} characters long; search results cut "
                f"titles after about {TITLE_MAX_LENGTH}. Write a shorter SEO title on the Promote tab."
            )
        return ""
