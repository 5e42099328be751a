from django import template
from django.conf import settings
from django.utils.text import slugify

from booking.honeypot import signed_form_time

register = template.Library()


@register.inclusion_tag("tags/honeypot_fields.html")
def signed_honeypot_fields(enabled):
    """wagtail-honeypot's fields, with a signed time stamp (booking/honeypot.py)."""
    return {
        "honeypot_name_field": slugify(getattr(settings, "HONEYPOT_NAME_FIELD", "whf_name")),
        "honeypot_time_field": slugify(getattr(settings, "HONEYPOT_TIME_FIELD", "whf_time")),
        "time": signed_form_time(),
        "enabled": enabled,
    }
