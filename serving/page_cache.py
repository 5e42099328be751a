"""The cache backends for the full-page cache (wagtail-cache), and which requests and responses it keeps.

Purging clears the whole page cache (serving/purge.py): one publish can change menus, listings and
related posts on any page, and the site is small enough that refilling it is cheap.
"""

import os
import tempfile
from hashlib import sha1
from pathlib import Path

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache


class RedisPageCache(RedisCache):
    """Redis, shared by every app server; clearing removes this cache's keys only.

    django-redis's own clear() is FLUSHDB, which would also wipe the rate limit's counts and Wagtail's
    caches when they share the Redis database.
    """

    def clear(self):
        self.delete_pattern("*")


class MemoryPageCache(LocMemCache):
    """Per-process memory, cleared in every process of this machine at once.

    Without Redis, gunicorn's workers each hold their own copy. A purge touches a stamp file; each
    process compares the stamp's modification time (one stat call) before it serves a page and drops
    its copies when another process purged.
    """

    def __init__(self, name, params):
        super().__init__(name, params)
        key = sha1(str(settings.BASE_DIR).encode()).hexdigest()[:12]
        self._stamp = Path(tempfile.gettempdir()) / f"clinic-page-cache-{key}-{name}"
        self._seen = self._stamp_time()

    def _stamp_time(self):
        try:
            return os.stat(self._stamp).st_mtime_ns
        except FileNotFoundError:
            return 0

    def _follow_purges(self):
        stamp = self._stamp_time()
        if stamp != self._seen:
            super().clear()
            self._seen = stamp

    def get(self, key, default=None, version=None):
        self._follow_purges()
        return super().get(key, default, version)

    def clear(self):
        super().clear()
        self._stamp.touch()
        self._seen = self._stamp_time()
