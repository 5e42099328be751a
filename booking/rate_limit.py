"""A per-IP limit on booking requests, counted in the shared cache by django-ratelimit.

Decision: the limit fails *open*. If the cache cannot count (Redis down or unreachable), a
request goes through and a warning is logged: refusing every booking from worried people is worse
than letting some spam through, and the honeypot still stands. django-ratelimit on its own would
refuse every request instead (or raise, for Redis connection errors).
"""

import logging

from django.conf import settings
from django_ratelimit.core import get_usage

from security.client_ip import client_ip

logger = logging.getLogger(__name__)


def visitor_address(group, request):
    return client_ip(request)


def is_rate_limited(request):
    try:
        usage = get_usage(
            request,
            group="booking",
            key=visitor_address,
            rate=settings.BOOKING_RATE_LIMIT,
            method="POST",
            increment=True,
        )
    except Exception:
        logger.warning("Booking rate limit not applied: the cache could not count requests.", exc_info=True)
        return False
    if usage is None:
        # With RATELIMIT_FAIL_OPEN, django-ratelimit answers None when the cache failed to count.
        logger.warning("Booking rate limit not applied: the cache could not count requests.")
        return False
    return usage["should_limit"]
