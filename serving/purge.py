"""The page cache and the CDN forget pages exactly when what they show changes.

Pages: publish, unpublish (also on delete), move, delete. Everything else pages show: site settings,
snippets (people, topics, ...), images, redirects, sites and page privacy (a page made private must
not stay in the cache). The purge runs after the transaction commits, so the next visitor cannot
re-cache what was about to change. Wagtail's frontend_cache app purges the CDN on publish and
unpublish itself, with the timeout set in serving/frontend_cache.py.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtailcache.cache import clear_cache

logger = logging.getLogger(__name__)


def purge_page_cache():
    try:
        clear_cache()
    except Exception:
        # A purge that cannot reach the cache leaves pages until their lifetime (PAGE_CACHE_SECONDS) ends.
        logger.exception("Could not purge the page cache.")


def purge_after_commit(**kwargs):
    transaction.on_commit(purge_page_cache)


page_published.connect(purge_after_commit, dispatch_uid="serving-purge-published")
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
    if isinstance(instance, Page) and kwargs.get("signal") is post_save:
        return  # a saved draft changes nothing public; publishing sends page_published
    purge_after_commit()
