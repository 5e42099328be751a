from wagtail import hooks
from wagtail.models import Site

from .go_live import GoLivePanel


@hooks.register("construct_homepage_panels")
def add_go_live_checklist(request, panels):
    """Staff who run the site see what still needs changing before launch."""
    if not request.user.has_perm("site_pages.change_clinicsettings"):
        return
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site:
        panels.append(GoLivePanel(site))
