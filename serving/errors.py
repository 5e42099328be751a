"""The server error page, and a 503 with Retry-After when the database is down or too slow.

Django calls handler500 inside its `except` block, so the exception being handled is still at hand.
A database that refuses connections, never answers (connect_timeout) or runs out of statement_timeout
raises OperationalError/InterfaceError: that is an outage to wait out, not a bug, so visitors and
crawlers are told to come back rather than that the page is broken.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request, template_name="500.html"):
    exception = sys.exc_info()[1]
    html = loader.get_template(template_name).render()
    if isinstance(exception, OperationalError | InterfaceError):
        logger.error("Database unavailable: answered 503 (%s)", type(exception).__name__)
        response = HttpResponseServerError(html)
        response.status_code = 503
        response.reason_phrase = "Service Unavailable"
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponseServerError(html)
    response["Cache-Control"] = "no-store"
    return response
