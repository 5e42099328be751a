from django.conf import settings
from django.core.exceptions import DisallowedHost
from wagtail import hooks

# Search results are endless (any query string) and change with every publish: not worth caching.
NEVER_CACHED_PREFIXES = ("/search/", "/admin/")


@hooks.register("is_request_cacheable")
def only_public_pages_are_cached(request, is_cacheable):
    if is_cacheable and request.path.startswith(NEVER_CACHED_PREFIXES):
        return False
    return is_cacheable


@hooks.register("is_request_cacheable")
def signed_in_visitors_and_previews_are_never_cached(request, is_cacheable):
    # The page cache is looked up before sessions and users exist (config/settings.py, MIDDLEWARE), so
    # wagtail-cache's own request.user check cannot run. Signing in always sets the session cookie: with it,
    # a request is neither served a kept page nor kept. Wagtail's preview and moderation requests are
    # marked `is_dummy` before the middleware runs (its `is_preview` comes only later, in the view).
    if settings.SESSION_COOKIE_NAME in request.COOKIES or getattr(request, "is_dummy", False):
        return False
    return is_cacheable


@hooks.register("is_request_cacheable")
def requests_for_other_hosts_are_never_looked_up(request, is_cacheable):
    # The cache key is the absolute URL, and a Host not in ALLOWED_HOSTS raises when it is built: wagtail-cache
    # would log that as a cache failure, with a traceback, for every scanner. CommonMiddleware, further in,
    # answers 400 and logs it once, as django.security.DisallowedHost.
    if not is_cacheable:
        return False
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return is_cacheable


@hooks.register("is_response_cacheable")
def responses_that_set_cookies_are_never_cached(response, is_cacheable):
    # wagtail-cache only refuses a cookie when the request had none; a CSRF token (booking form) or a
    # session must never reach another visitor, whatever cookies this visitor sent.
    if response.cookies:
        return False
    return is_cacheable


@hooks.register("is_response_cacheable")
def not_modified_answers_are_never_cached(response, is_cacheable):
    # A 304 a view made itself (a rendition's or a document's If-Modified-Since / If-None-Match) answers
    # one browser's copy. The page cache's key ignores those headers: kept, it would be the next visitor's
    # answer too, an empty body where their image or PDF should be. Pages' own 304s are made above the
    # cache (ConditionalGetMiddleware, config/settings.py), from the full page it keeps.
    if response.status_code == 304:
        return False
    return is_cacheable
