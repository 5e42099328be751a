"""Deploy check for the booking rate limit.

Decision: django-ratelimit's own cache check (an error for any cache that is not shared, which is
the local-memory cache a fresh clone runs on) is silenced in settings. In its place, this check
requires a shared cache only where it matters, in `manage.py check --deploy`: production runs
several app servers, and per-process counters would multiply the limit by their number.
"""

from django.conf import settings
from django.core import checks

NOT_SHARED = {
    "django.core.cache.backends.locmem.LocMemCache": "keeps a separate count in every process",
    "django.core.cache.backends.dummy.DummyCache": "counts nothing",
    "django.core.cache.backends.filebased.FileBasedCache": "cannot count atomically",
    "django.core.cache.backends.db.DatabaseCache": "cannot count atomically",
}


@checks.register(checks.Tags.caches, deploy=True)
def rate_limit_needs_a_shared_cache(app_configs, **kwargs):
    alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if backend in NOT_SHARED:
        return [
            checks.Error(
                f"The booking rate limit's cache ({backend}) {NOT_SHARED[backend]}.",
                hint="Set REDIS_URL so every app server shares one count.",
                id="booking.E001",
            )
        ]
    return []
