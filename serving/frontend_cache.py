"""Wagtail's HTTP purge backend, with a timeout.

wagtail.contrib.frontend_cache purges the CDN while the editor's publish request waits, and its HTTP
backend calls urlopen without a timeout: a slow or hung CDN would hold the editor's request for as long
as it likes. This one gives each PURGE request FRONTEND_CACHE_TIMEOUT seconds and logs a failure. A
publish purges the page and the pages that list it (serving/purge.py); once one request fails, the rest
of that batch is not tried, so a CDN that is down costs the editor one timeout, not one per address.
"""

import logging
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

logger = logging.getLogger("wagtail.frontendcache")


class TimeoutHTTPBackend(HTTPBackend):
    def purge(self, url):
        self._purge(url)

    def purge_batch(self, urls):
        for done, url in enumerate(urls):
            if not self._purge(url):
                if len(urls) - done > 1:
                    logger.error("Did not purge %d more addresses from the CDN.", len(urls) - done - 1)
                return

    def _purge(self, url):
        parts = urlsplit(url)
        host = f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname
        target = urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""])
        request = PurgeRequest(url=target, headers={"Host": host, "User-Agent": "clinic-site purge"})
        try:
            urlopen(request, timeout=settings.FRONTEND_CACHE_TIMEOUT).close()
        except (URLError, OSError) as error:  # HTTPError is a URLError; a read timeout is an OSError
            logger.error("Could not purge %s from the CDN: %s", url, error)
            return False
        return True
