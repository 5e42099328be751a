"""Site settings read once per process and site, not once per request.

Every public page shows the clinic's details, the navigation and the site notice: three queries on
every uncached page, for rows that change when staff edit Settings. With the page cache on, a settings
model using this mixin keeps its row in the page cache, which every purge clears (serving/purge.py)
whenever settings, snippets or pages change. The admin reads and saves through `for_site`, never this.
"""

from django.conf import settings
from django.core.cache import caches
from wagtail.models import Site


class CachedSiteSettingMixin:
    def prepare_for_cache(self):
        """Work out, once, what costs queries on every request; what is kept here must pickle."""

    @classmethod
    def for_request(cls, request):
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name) or not settings.WAGTAIL_CACHE:
            return super().for_request(request)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        cache = caches[settings.WAGTAIL_CACHE_BACKEND]
        key = f"site-setting:{cls._meta.label_lower}:{site.pk}"
        instance = cache.get(key)
        if instance is None:
            instance = cls.for_site(site)
            instance.prepare_for_cache()
            # The request's own Site object may carry request state; the row needs only site_id.
            instance._state.fields_cache.pop("site", None)
            cache.set(key, instance)
        instance._request = request
        setattr(request, attr_name, instance)
        return instance
