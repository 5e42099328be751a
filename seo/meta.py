"""What crawlers read about one rendering of a page, built in `get_context` and read by the templates.

Contract: a page's SEO properties describe the page itself; anything that depends on the request (a
listing's topic or page number, a preview, a form's answer) lives on the SeoView in the context, never
on the shared page instance. Templates read `seo.title`, `seo.canonical_url`, `seo.graph` and so on.
"""

from functools import cached_property

from django.conf import settings
from django.utils.translation import to_locale

from seo.models import INDEX_ROBOTS
from serving.shared_lookups import shared_cache


class SeoView:
    """One page as served: its canonical address, title, description, robots, breadcrumbs and @graph.

    A listing (a topic, page 2 of a blog) passes `topic` and `page_number`, which change all of these.
    """

    def __init__(self, page, request, *, topic=None, page_number=1):
        self.page, self.request = page, request
        self.topic, self.page_number = topic, page_number

    @property
    def base_url(self):
        """The canonical address of the listing or page, before any ?page= of a later page."""
        if self.topic:
            return self.page.get_full_url(self.request) + self.page.reverse_subpage("topic", args=[self.topic.slug])
        return self.page.seo_canonical_url

    @property
    def canonical_url(self):
        return f"{self.base_url}?page={self.page_number}" if self.page_number > 1 else self.base_url

    @property
    def name(self):
        """What this rendering is called: the topic's name on a topic page, else the page title."""
        return self.topic.name if self.topic else self.page.title

    @property
    def title(self):
        title = self.page.seo_pagetitle
        if self.topic:
            title = f"{self.topic.name} {settings.WAGTAILSEO_SEP} {title}"
        return f"{title} – page {self.page_number}" if self.page_number > 1 else title

    @property
    def description(self):
        description = self.topic.description if self.topic else self.page.seo_description
        if self.page_number > 1:
            return (
                f"Page {self.page_number}. {description}" if description else f"{self.name}, page {self.page_number}."
            )
        return description

    @property
    def robots(self):
        # Previews, and anything answered to a POST (a form's thank-you page), are never for search results.
        if getattr(self.request, "is_preview", False) or getattr(self.request, "method", "GET") == "POST":
            return "noindex, nofollow"
        return "noindex" if self.page.noindex else INDEX_ROBOTS

    @property
    def locale(self):
        """og:locale, e.g. en_US from LANGUAGE_CODE "en-us"."""
        language, _, region = to_locale(settings.LANGUAGE_CODE).partition("_")
        return f"{language}_{region.upper()}" if region else language

    @property
    def image(self):
        """The sharing image's 1200x630 rendition, its absolute URL and alt text, or None."""
        rendition = self.page.seo_image_rendition
        if not rendition:
            return None
        return {"rendition": rendition, "url": self.page.seo_image_url, "alt": self.page.seo_image_alt}

    @property
    def is_article(self):
        return self.page.seo_og_type == "article"

    @cached_property
    def breadcrumbs(self):
        crumbs = list(self.page.breadcrumbs)
        if self.topic:
            crumbs.append({"title": self.topic.name, "url": self.base_url, "full_url": self.base_url})
        return crumbs

    @cached_property
    def graph(self):
        """The page's JSON-LD: one @graph whose nodes point at each other by @id; None when switched off.

        Built once per published revision and rendering (a listing's topic and page number are in the
        canonical address), then kept in the shared cache, which every publish and every edit of settings
        or snippets clears (serving/purge.py). Previews and answers to a form are built fresh.
        """
        from seo import structured_data

        if not self.page.seo_org_fields.struct_meta:
            return None
        key = self.graph_cache_key()
        if key is None:
            return structured_data.graph(self)
        cache = shared_cache()
        graph = cache.get(key)
        if graph is None:
            graph = structured_data.graph(self)
            cache.set(key, graph)
        return graph

    def graph_cache_key(self):
        request, page = self.request, self.page
        if getattr(request, "is_preview", False) or getattr(request, "method", "GET") not in ("GET", "HEAD"):
            return None
        if not page.pk or not page.live:
            return None
        return f"json-ld:{page.pk}:{page.live_revision_id}:{self.canonical_url}"
