"""Site settings read once per process and site, not once per request.

Every public page shows the clinic's details, the navigation, the site notice and the SEO defaults:
queries on every uncached page, for rows that change when staff edit Settings. `setting_for_request`
keeps each row in the shared cache (serving/shared_lookups.py), which every purge clears
(serving/purge.py) whenever settings, snippets or pages change. The admin reads and saves through
`for_site`, never this.
"""

from wagtail.models import Site

from serving.shared_lookups import shared_cache


def setting_for_request(model, request, *, fetch=None):
    """`model.for_request(request)`, from the cache when it has the row; `fetch` is the uncached lookup."""
    fetch = fetch or model.for_request
    attr_name = model.get_cache_attr_name()
    if hasattr(request, attr_name):
        return getattr(request, attr_name)
    site = Site.find_for_request(request)
    if site is None:
        return fetch(request)
    cache = shared_cache()
    key = f"site-setting:{model._meta.label_lower}:{site.pk}"
    instance = cache.get(key)
    if instance is None:
        instance = model.for_site(site)
        if hasattr(instance, "prepare_for_cache"):
            instance.prepare_for_cache()
        # The request's own Site object may carry request state; the row needs only site_id.
        instance._state.fields_cache.pop("site", None)
        cache.set(key, instance)
    instance._request = request
    setattr(request, attr_name, instance)
    return instance


class CachedSiteSettingMixin:
    def prepare_for_cache(self):
        """Work out, once, what costs queries on every request; what is kept here must pickle."""

    @classmethod
    def for_request(cls, request):
        return setting_for_request(cls, request, fetch=super().for_request)
