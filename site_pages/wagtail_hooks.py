from django.contrib import messages
from django.core.exceptions import ValidationError
from wagtail import hooks
from wagtail.blocks.stream_block import StreamBlockValidationError

from site_pages.models import CrisisSupportMixin, SiteNotice


@hooks.register("limit_page_cache_lifetime")
def keep_pages_until_the_site_notice_changes(request):
    """A page showing the notice (or hiding it until its start) is cached only until its start or end time.

    Only pages that read the notice (base.html does) have it on the request; nothing else is limited.
    """
    notice = getattr(request, SiteNotice.get_cache_attr_name(), None)
    return notice.seconds_until_change() if notice is not None else None


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


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_incomplete_blocks_in_a_draft(request, page):
    """Wagtail saves a draft with empty required block fields; the editor is told which blocks to finish.

    Submitting or publishing validates everything, so the page cannot go further until they are filled in.
    """
    if request.POST.get("action-publish") or request.POST.get("action-submit"):
        return
    incomplete = incomplete_blocks(page)
    if incomplete:
        messages.warning(
            request,
            "Saved as a draft, but some blocks are not finished: "
            + "; ".join(incomplete)
            + ". Fill them in before you submit the page for review.",
        )


def incomplete_blocks(page):
    """“Label” (block N) for each top-level body block that full validation refuses."""
    body = getattr(page, "body", None)
    if body is None or not hasattr(body, "raw_data"):
        return []
    # A fresh block: the form's own one may still carry the draft save's relaxed (deferred) validation.
    fresh = type(body.stream_block)()
    try:
        fresh.clean(fresh.to_python(list(body.raw_data)))
    except StreamBlockValidationError as error:
        return [
            f"“{fresh.child_blocks[body.raw_data[index]['type']].label}” (block {index + 1})"
            for index in sorted(error.block_errors)
        ]
    except ValidationError:
        return ["the page body"]
    return []
