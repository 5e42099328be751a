from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The pages an editor ticked "Show in menus" for, directly under the site's home page."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    current = context.get("page")
    items = []
    if site:
        for menu_page in site.root_page.get_children().live().public().in_menu():
            is_current = bool(current and (current.pk == menu_page.pk or current.path.startswith(menu_page.path)))
            items.append({"title": menu_page.title, "url": menu_page.get_url(request), "current": is_current})
    return {"items": items, "home_url": site.root_page.get_url(request) if site else "/"}
