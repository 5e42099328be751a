"""The page cache and the CDN forget pages exactly when what they show changes.

Pages: publish, unpublish (also on delete), move, delete, and a live page saved outside a draft.
Everything else pages show: site settings, snippets (people, topics, ...), images, redirects, sites
and page privacy (a page made private must not stay in the cache). The same cache holds the lookups
every page makes (serving/shared_lookups.py), so it is cleared whether or not whole pages are cached.
It is cleared at once, so the rest of the editor's own request reads what it just saved, and again
after the transaction commits, so a visitor served in between cannot keep what was about to change.
Wagtail's frontend_cache app purges the page itself from the CDN on publish and unpublish, with the
timeout set in serving/frontend_cache.py; `purge_listings_from_cdn` adds what lists the page: the
sitemap, the live pages that link to it (Wagtail's reference index), and for a page that says which
pages list it (`listing_urls()`, e.g. a post's blog pages, topics, feeds, the home page and the posts
whose related reading may show it), those.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtailcache.cache import clear_cache

logger = logging.getLogger(__name__)


def purge_page_cache():
    try:
        if settings.WAGTAIL_CACHE:
            clear_cache()
        else:  # wagtail-cache leaves its backend alone when switched off; the shared lookups are in it
            caches[settings.WAGTAIL_CACHE_BACKEND].clear()
    except Exception:
        # A purge that cannot reach the cache leaves pages until their lifetime (PAGE_CACHE_SECONDS) ends.
        logger.exception("Could not purge the page cache.")


def purge_after_commit(**kwargs):
    purge_page_cache()
    transaction.on_commit(purge_page_cache)


def purge_listings_from_cdn(instance, **kwargs):
    if not settings.WAGTAILFRONTENDCACHE:
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    page = instance.specific
    site = page.get_site()
    urls = [site.root_url + reverse("sitemap")] if site else []
    if hasattr(page, "listing_urls"):
        urls += page.listing_urls()
    urls += pages_linking_to(page)
    purge_urls_from_cache(list(dict.fromkeys(urls)))


def pages_linking_to(page):
    """The addresses of live pages whose content links to this one (a link shows its title and address, a
    post's picks show it as a card), from Wagtail's reference index."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page)
    ids = {
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(page)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    }
    linking = Page.objects.live().filter(pk__in=ids - {page.pk})
    return [url for linker in linking if (url := linker.get_full_url())]


page_published.connect(purge_after_commit, dispatch_uid="serving-purge-published")
page_published.connect(purge_listings_from_cdn, dispatch_uid="serving-purge-listings-published")
page_unpublished.connect(purge_listings_from_cdn, dispatch_uid="serving-purge-listings-unpublished")
page_unpublished.connect(purge_after_commit, dispatch_uid="serving-purge-unpublished")
post_page_move.connect(purge_after_commit, dispatch_uid="serving-purge-moved")

_watched = None


def watched_models():
    """Models whose rows appear on public pages (computed once: snippets register in apps' ready())."""
    global _watched
    if _watched is None:
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.contrib.settings.registry import registry as settings_registry
        from wagtail.images import get_image_model
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.snippets.models import get_snippet_models

        _watched = (
            Page,
            PageViewRestriction,
            Site,
            Redirect,
            get_image_model(),
            *settings_registry,
            *get_snippet_models(),
        )
    return _watched


@receiver(post_save, dispatch_uid="serving-purge-saved")
@receiver(post_delete, dispatch_uid="serving-purge-deleted")
def purge_when_shown_content_changes(sender, instance, raw=False, **kwargs):
    from wagtail.models import Page

    if raw or not isinstance(instance, watched_models()):
        return
    if kwargs.get("created") and isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        return  # made by for_site() with its defaults on first use: what pages already showed
    if isinstance(instance, Page) and kwargs.get("signal") is post_save:
        if kwargs.get("update_fields") is not None or not instance.live:
            return  # a saved draft (or its bookkeeping) changes nothing public; publishing sends page_published
    purge_after_commit()
