"""Deploy checks: production must know its public https origin (SITE_URL)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


@checks.register(checks.Tags.security, deploy=True)
def site_url_is_the_public_https_origin(app_configs, **kwargs):
    url = settings.SITE_URL
    parts = urlsplit(url)
    problem = None
    if not url:
        problem = "SITE_URL is not set, so canonical URLs, the sitemap, feeds and emails name no real address."
    elif parts.scheme != "https" or not parts.hostname:
        problem = f"SITE_URL ({url}) is not an https:// origin."
    elif parts.hostname in LOOPBACK_HOSTS or parts.hostname.startswith("127."):
        problem = f"SITE_URL ({url}) points at this machine, not at the public site."
    elif parts.path not in ("", "/") or parts.query or parts.fragment:
        problem = f"SITE_URL ({url}) must be an origin only, with no path."
    if problem:
        return [checks.Error(problem, hint="Set SITE_URL=https://your-clinic.example.org", id="serving.E001")]
    return []
