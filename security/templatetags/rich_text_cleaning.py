from django import template
from django.utils.safestring import mark_safe

from security.rich_text import clean_rich_text

register = template.Library()


@register.filter
def clean_rich_text_html(html):
    """Expanded rich text HTML, stripped of anything that could run (see security/rich_text.py)."""
    return mark_safe(clean_rich_text(str(html)))  # nh3 has just removed everything that could run
