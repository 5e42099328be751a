from django.contrib import messages
from wagtail import hooks

from seo.models import SeoPage


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_when_the_search_title_is_too_long(request, page):
    """The warning measures the title search engines get (the SEO title, else the default), not the field."""
    if isinstance(page, SeoPage) and (warning := page.title_length_warning()):
        messages.warning(request, warning)
