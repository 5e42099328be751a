from django import template

from site_pages.models import NavigationSettings

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The header links editors set under Settings > Navigation, marking the section the visitor is in."""
    request = context.get("request")
    if request is None:
        return {"items": []}
    current = context.get("page")
    items = []
    for child in NavigationSettings.for_request(request).header_links:
        link = child.value
        target = link.get("page")
        # A section's link stays current on its subpages; the home page (depth 2) would contain them all.
        is_current = bool(
            current
            and target
            and (current.pk == target.pk or (target.depth > 2 and current.path.startswith(target.path)))
        )
        items.append({"text": link.text, "url": link.url, "current": is_current})
    return {"items": items}
