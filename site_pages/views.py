"""security.txt, the plain-text file security researchers look for at a fixed address."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site


def site_root_url(request):
    """The site's own address (Settings > Sites), so crawlers are pointed at its real host."""
    site = Site.find_for_request(request)
    return site.root_url if site else request.build_absolute_uri("/").rstrip("/")


@require_GET
@cache_control(max_age=3600, public=True)
def security_txt(request):
    # RFC 9116 requires Expires. Without a date in the environment, promise a year ahead: the contact
    # comes from settings, so it is as current as the deployment itself.
    expires = settings.SECURITY_TXT_EXPIRES or (timezone.now() + timedelta(days=365)).replace(microsecond=0).isoformat()
    lines = [
        f"Contact: {settings.SECURITY_TXT_CONTACT}",
        f"Expires: {expires}",
        "Preferred-Languages: en",
        f"Canonical: {site_root_url(request)}{reverse('security_txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
