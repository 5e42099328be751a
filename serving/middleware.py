"""What public pages tell browsers and CDNs about caching, and how they are compressed.

The order of these in settings.MIDDLEWARE matters; the comment there says why.
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import get_max_age
from django.utils.http import parse_http_date_safe

# wagtail-cache marks every response it considered with this header: "hit" and "miss" are public pages
# that the page cache holds; "skip" (logged in, preview, a form with a CSRF token) and "err" are not.
PAGE_CACHE_STATUS = "X-Wagtail-Cache"


class CdnCacheControlMiddleware:
    """Public pages: browsers revalidate every time (ETag, 304), CDNs keep them and serve stale briefly.

    wagtail-cache sets `max-age` to its own server-side lifetime; that is too long for browsers, which
    nothing can purge when a page is published. A CDN can be purged (wagtail.contrib.frontend_cache), so
    it gets `s-maxage`; `stale-while-revalidate` lets it answer at once while it fetches a fresh copy.
    Anything that sets a cookie (the CSRF token on a form) is private to its visitor.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.cookies:
            if "no-store" not in response.get("Cache-Control", ""):  # never weaken a page shown only once
                response["Cache-Control"] = "private, no-cache"
            response.headers.pop("Expires", None)
        elif response.get(PAGE_CACHE_STATUS) in ("hit", "miss"):
            left = capped_seconds_left(response)
            if left is not None and left < settings.CDN_CACHE_SECONDS:
                response["Cache-Control"] = f"public, max-age=0, s-maxage={left}"
            else:
                response["Cache-Control"] = (
                    f"public, max-age=0, s-maxage={settings.CDN_CACHE_SECONDS}, "
                    f"stale-while-revalidate={settings.CDN_STALE_SECONDS}"
                )
            response.headers.pop("Expires", None)
        return response


def capped_seconds_left(response):
    """Seconds left of the page cache's copy when its lifetime was capped (page_cache.lifetime_limit), else None.

    A page that changes by the clock (a site notice due to start or end) is kept for less than the page
    cache's TIMEOUT, and its copy ends at its Expires; a CDN then keeps it no longer, and never serves it stale.
    """
    max_age = get_max_age(response)
    expires = parse_http_date_safe(response.get("Expires", ""))
    if max_age is None or expires is None or max_age >= caches[settings.WAGTAIL_CACHE_BACKEND].default_timeout:
        return None
    return max(0, expires - int(time.time()))


class BreachSafeGZipMiddleware(GZipMiddleware):
    """Gzip, except responses that set a cookie, and images that are compressed already.

    BREACH recovers a secret that a compressed response repeats (a CSRF token) from the compressed
    length. Every page that renders a CSRF token also sets the CSRF cookie, so a response setting a
    cookie goes out uncompressed; the rest (every cacheable page) is compressed once, before caching.
    AVIF, WebP, JPEG and PNG renditions (SERVE_MEDIA) gain nothing from gzip and would lose their
    Content-Length to it; SVG is text and is compressed.
    """

    def process_response(self, request, response):
        if response.cookies or is_compressed_image(response):
            return response
        return super().process_response(request, response)


def is_compressed_image(response):
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type.startswith("image/") and content_type != "image/svg+xml"
