import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

register = template.Library()

# Gap in wagtail-seo 3.1.1: its JSON-LD templates print json.dumps(...)|safe, so a title containing
# "</script>" ends the script element early (stored XSS). Escaping <, > and & as \u escapes keeps the
# JSON identical for parsers and makes the text inert in HTML (the same escapes as Django's json_script).
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def ld_json(value):
    """Structured data as JSON that is safe inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))
