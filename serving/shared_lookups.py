"""Per-request lookups that every public page makes, kept in the site's page cache instead of the database.

Every uncached page asks which Site it belongs to, whether any page of it is private, reads the site
settings, and routes its address from the site's root page down, two queries a level (the child, then its
specific type): queries for rows that change only when staff edit Sites, pages, page privacy or Settings.
The answers live in the page cache's backend (CACHES["pages"]) whether or not whole pages are cached
(PAGE_CACHE): its purge reaches every process (serving/page_cache.py), and every change to what pages
show clears it (serving/purge.py: sites, view restrictions, settings and pages are watched). When the
cache cannot answer, Wagtail asks the database as it always does: a cache error can cost a query,
never let a private page through.
"""

from django.conf import settings
from django.core.cache import caches
from django.http.request import split_domain_port
from wagtail.models import PageViewRestriction, Site

VIEW_RESTRICTIONS_EXIST = "view-restrictions-exist"


def shared_cache():
    return caches[settings.WAGTAIL_CACHE_BACKEND]


def site_restrictions_exist():
    """False only when the cache vouches that no page has a view restriction."""
    cache = shared_cache()
    exist = cache.get(VIEW_RESTRICTIONS_EXIST)
    if exist is None:
        exist = PageViewRestriction.objects.exists()
        cache.set(VIEW_RESTRICTIONS_EXIST, exist)
    return exist


class CachedSiteMiddleware:
    """Gives the request its Site from the cache; Wagtail's Site.find_for_request then reuses it.

    Runs after CommonMiddleware, so the host has passed ALLOWED_HOSTS and the keys stay few.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            cache = shared_cache()
            hostname = split_domain_port(request._get_raw_host())[0]
            key = f"site-for-host:{hostname}:{request.get_port()}"
            site = cache.get(key)
            if site is None:
                site = Site.find_for_request(request)
                if site is not None:
                    # Routing starts at the root page's specific type; kept with the Site, it costs no query.
                    site.root_page = site.root_page.specific
                    cache.set(key, site)
            request._wagtail_site = site
        return self.get_response(request)


def child_page(parent, slug):
    """The specific child page of `parent` with this slug (live or not: routing decides), or None.

    Each request gets its own copy (the cache unpickles it), so nothing set on it while serving is shared.
    """
    cache = shared_cache()
    key = f"child-page:{parent.pk}:{slug}"
    child = cache.get(key)
    if child is None:
        child = parent.get_children().filter(slug=slug).first()
        if child is None:
            return None  # misses are not kept: an address anyone can type must not fill the cache
        child = child.specific
        cache.set(key, child)
    return child
