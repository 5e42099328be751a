"""The booking form's time stamp, signed so a bot can neither forge it nor reuse an old one for ever.

wagtail-honeypot's stamp is a bare number: any far past or future value passed. Here the form carries
the time it was rendered, signed with SECRET_KEY; a request passes only with a valid signature, at
least HONEYPOT_TIME_INTERVAL seconds and at most HONEYPOT_MAX_AGE seconds after that time.
"""

import time

from django.conf import settings
from django.core import signing

SALT = "booking.honeypot-time"


def signed_form_time(at=None):
    return signing.dumps(int(time.time() if at is None else at), salt=SALT)


def form_time_problem(value):
    """Why the stamp fails, in words for the log, or None when it passes."""
    try:
        rendered_at = int(signing.loads(value or "", salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return "its time stamp was missing or not the one the form was sent with"
    age = time.time() - rendered_at
    if age < settings.HONEYPOT_TIME_INTERVAL:
        return f"it was sent within {settings.HONEYPOT_TIME_INTERVAL} seconds of loading the form"
    if age > settings.HONEYPOT_MAX_AGE:
        return "its form was loaded too long ago"
    return None
