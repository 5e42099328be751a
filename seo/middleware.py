"""A page address typed in the wrong case (/Blog/) gets a permanent redirect to the page, not a 404."""

from django.http import HttpResponsePermanentRedirect
from wagtail.models import Page, Site


class CaseInsensitivePageRedirectMiddleware:
    """Runs only on a 404, so pages served as usual cost nothing; one query per miss with capitals in it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD") or request.path == request.path.lower():
            return response
        site = Site.find_for_request(request)
        if site is None:
            return response
        url_path = site.root_page.url_path + request.path.lstrip("/")
        if not url_path.endswith("/"):
            url_path += "/"
        page = Page.objects.live().public().filter(url_path__iexact=url_path).first()
        if page is None:
            return response
        url = page.get_url(request)
        if request.META.get("QUERY_STRING"):
            url += "?" + request.META["QUERY_STRING"]
        return HttpResponsePermanentRedirect(url)
