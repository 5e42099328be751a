"""robots.txt: what crawlers may fetch, and where the sitemap is."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from site_pages.views import site_root_url


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        # Disallow lines first: some parsers (Python's among them) apply the first rule that matches.
        "Disallow: /admin/",
        # /search/ stays crawlable: its pages say noindex, which a crawler can only read if it may fetch them.
        "Allow: /",
        "",
        f"Sitemap: {site_root_url(request)}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
