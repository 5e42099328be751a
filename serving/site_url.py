"""SITE_URL is the site's one public origin; Wagtail's default Site record is kept in step with it.

Wagtail builds every absolute URL (canonical, og:url, JSON-LD ids, the sitemap, robots.txt, feeds) from
the Site record's hostname and port, so making the record follow SITE_URL is what makes them all right.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_url_parts(url):
    """("clinic.example.org", 443) for "https://clinic.example.org"; None when SITE_URL is unset or unusable."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def sync_site_with_site_url(verbosity=1, stdout=None, **kwargs):
    from wagtail.models import Site

    wanted = site_url_parts(settings.SITE_URL)
    site = Site.objects.filter(is_default_site=True).first()
    if not wanted or not site or (site.hostname, site.port) == wanted:
        return
    site.hostname, site.port = wanted
    site.save(update_fields=["hostname", "port"])
    if verbosity and stdout:
        stdout.write(f"Default site now answers as {settings.SITE_URL}\n")
