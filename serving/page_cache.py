"""The cache backends for the full-page cache (wagtail-cache), and which requests and responses it keeps.

Purging clears the whole page cache (serving/purge.py): one publish can change menus, listings and
related posts on any page, and the site is small enough that refilling it is cheap.

What changes by the clock alone (a site notice due to start or end) is not a publish, so nothing purges
for it: apps say how long a response may be kept through the `limit_page_cache_lifetime` hook
(a function of the request returning seconds, or None), and the cache keeps it no longer.
"""

import os
import pickle
import tempfile
import threading
import time
import uuid
from collections import OrderedDict
from hashlib import sha1
from pathlib import Path

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import request_finished, request_started
from django.dispatch import receiver
from django.utils.cache import get_max_age, patch_cache_control, set_response_etag
from django_redis.cache import RedisCache
from wagtail import hooks
from wagtailcache.cache import UpdateCacheMiddleware
from wagtailcache.settings import wagtailcache_settings


def lifetime_limit(request):
    """The most seconds the response to this request may be kept, or None when only a purge ends it."""
    limits = [limit for hook in hooks.get_hooks("limit_page_cache_lifetime") if (limit := hook(request)) is not None]
    return min(limits, default=None)


class LimitedLifetimeUpdateCacheMiddleware(UpdateCacheMiddleware):
    """wagtail-cache's, with two additions to what it keeps (a hit is served as it was kept):

    - its lifetime: `max-age`, else the cache's TIMEOUT, capped at the limit;
    - its ETag, so that ConditionalGetMiddleware does not hash the whole page again on every hit.
    """

    def process_response(self, request, response):
        if wagtailcache_settings.WAGTAIL_CACHE and getattr(request, "_wagtailcache_update", False):
            if (limit := lifetime_limit(request)) is not None:
                max_age = get_max_age(response)
                patch_cache_control(response, max_age=limit if max_age is None else min(limit, max_age))
            # As ConditionalGetMiddleware would, of the body as sent (compressed already: GZip is inside).
            etag_wanted = "no-store" not in response.get("Cache-Control", "") and not response.has_header("ETag")
            if request.method == "GET" and not response.streaming and etag_wanted:
                set_response_etag(response)
        return super().process_response(request, response)


# The generation each Redis page cache had when the current request first asked, per thread. Outside a
# request (management commands, scheduled jobs) there is none, and every get() asks Redis.
_request = threading.local()


@receiver(request_started)
def _begin_request(**kwargs):
    _request.generations = {}


@receiver(request_finished)
def _end_request(**kwargs):
    _request.generations = None


class RedisPageCache(RedisCache):
    """Redis, shared by every app server, with a copy of recent pages in each process's memory.

    Fetching and unpickling a whole page from Redis on every hit costs most of what serving a cached
    page costs (PERF.md). So each process also keeps the pickled pages it fetched, tagged with the cache's
    generation: a short token in Redis that every purge replaces. A copy is served only to a request
    that found the same token. When Redis cannot answer, the token is unknown and nothing is served from
    memory: a purge may have happened meanwhile.

    The token is read once per request, on the request's first cache call, not on each of its calls (the
    Site lookup, wagtail-cache's headers key, then the page): a cached hit costs one Redis round trip.
    So a purge made by another server is seen by every request that starts after it; a request already
    under way finishes with what it started with, as it would if it had been a little faster.
    Not zero round trips: a purge pushed to the other servers (pub/sub, client-side caching) arrives
    a moment after the editor's request returns, and a visitor could be served the old page meanwhile.

    Clearing removes this cache's keys only: django-redis's own clear() is FLUSHDB, which would also
    wipe the rate limit's counts and Wagtail's caches when they share the Redis database.
    """

    GENERATION_KEY = "page-cache-generation"
    LOCAL_ENTRIES = 500

    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = OrderedDict()
        self._local_generation = None
        # Every instance reading the same token shares the request's answer (Django makes one per thread).
        self._generation_id = (str(server), self.make_key(self.GENERATION_KEY))

    def _generation(self):
        known = getattr(_request, "generations", None)
        if known is not None and self._generation_id in known:
            generation = known[self._generation_id]
        else:
            generation = self._read_generation()
            if known is not None:
                known[self._generation_id] = generation
        if generation != self._local_generation:
            self._local.clear()  # copies of an older generation would never be served again
            self._local_generation = generation
        return generation

    def _read_generation(self):
        generation = super().get(self.GENERATION_KEY)
        if generation is None:
            super().add(self.GENERATION_KEY, uuid.uuid4().hex, timeout=None)
            generation = super().get(self.GENERATION_KEY)
        return generation

    def get(self, key, default=None, version=None, client=None):
        generation = self._generation()
        local_key = self.make_key(key, version=version)
        if generation is not None and local_key in self._local:
            tagged, expires, pickled = self._local[local_key]
            if tagged == generation and expires > time.monotonic():
                self._local.move_to_end(local_key)
                return pickle.loads(pickled)
            del self._local[local_key]
        value = super().get(key, default, version, client)
        if generation is not None and value is not default:
            # The local copy ends when Redis's does: a page's lifetime may be capped (lifetime_limit).
            milliseconds = self.pttl(key, version=version, client=client)
            if milliseconds is None or milliseconds > 0:
                seconds = None if milliseconds is None else milliseconds / 1000
                self._remember(local_key, generation, value, seconds)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, client=None, nx=False, xx=False):
        result = super().set(key, value, timeout, version, client, nx, xx)
        if (generation := self._generation()) is not None:
            self._remember(self.make_key(key, version=version), generation, value, self.get_backend_timeout(timeout))
        return result

    def _remember(self, local_key, generation, value, timeout):
        # Tagged one by one, not only cleared on a change of token: with a threaded server, one instance
        # serves requests that started on either side of a purge.
        lifetime = min(timeout or self.default_timeout, self.default_timeout)
        pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        self._local[local_key] = (generation, time.monotonic() + lifetime, pickled)
        self._local.move_to_end(local_key)
        while len(self._local) > self.LOCAL_ENTRIES:
            self._local.popitem(last=False)

    def clear(self):
        self._local.clear()
        self.delete_pattern("*")
        super().set(self.GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        # The rest of this request reads the new token (or learns that Redis failed).
        if (known := getattr(_request, "generations", None)) is not None:
            known.pop(self._generation_id, None)


class MemoryPageCache(LocMemCache):
    """Per-process memory, cleared in every process of this machine at once.

    Without Redis, gunicorn's workers each hold their own copy. A purge touches a stamp file; each
    process compares the stamp's modification time (one stat call) before it serves a page and drops
    its copies when another process purged.

    Django makes one instance per thread and alias, all sharing the memory of one LOCATION (the pages
    and the template fragments, see settings.py). So the stamp last seen is kept per LOCATION, not per
    instance: one purge empties the memory once, not again when a second instance notices it later,
    after new entries were stored.
    """

    _seen = {}  # stamp file -> the modification time this process last acted on
    _seen_lock = threading.Lock()

    def __init__(self, name, params):
        super().__init__(name, params)
        key = sha1(str(settings.BASE_DIR).encode()).hexdigest()[:12]
        self._stamp = Path(tempfile.gettempdir()) / f"clinic-page-cache-{key}-{name}"
        with self._seen_lock:
            self._seen.setdefault(self._stamp, self._stamp_time())

    def _stamp_time(self):
        try:
            return os.stat(self._stamp).st_mtime_ns
        except FileNotFoundError:
            return 0

    def _follow_purges(self):
        stamp = self._stamp_time()
        if stamp != self._seen[self._stamp]:
            with self._seen_lock:
                if stamp != self._seen[self._stamp]:
                    super().clear()
                    self._seen[self._stamp] = stamp

    def get(self, key, default=None, version=None):
        self._follow_purges()
        return super().get(key, default, version)

    def clear(self):
        with self._seen_lock:
            super().clear()
            self._stamp.touch()
            self._seen[self._stamp] = self._stamp_time()
