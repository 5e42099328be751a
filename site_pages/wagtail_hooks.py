from django.contrib import messages
from wagtail import hooks

from site_pages.models import CrisisSupportMixin


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_when_suicide_is_mentioned_without_crisis_support(request, page):
    """An editor who saves medical content that mentions suicide without the crisis mark is reminded of it."""
    if isinstance(page, CrisisSupportMixin) and not page.touches_on_suicide and page.mentions_suicide():
        field = page._meta.get_field("touches_on_suicide")
        messages.warning(
            request,
            f"“{page.title}” mentions suicide or self-harm but “{field.verbose_name}” is not ticked, so the crisis "
            "support box is not shown. Tick it under Crisis support unless the mention is incidental.",
        )
