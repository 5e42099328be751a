"""Every image a visitor is shown arrives whole: on a first visit, on coming back, and on a second device.

Served as on the production profile on one machine (`make serve`): DEBUG off, the page cache on and the
app serving renditions itself (SERVE_MEDIA), with the demo's own artwork. A browser coming back reuses
or revalidates what it holds; whatever the server answered anyone before must leave every image
decodable, for that visitor and for the next one, who holds nothing yet. tests/test_local_media.py
checks the revalidation answers themselves (a 304 for one browser is never another's answer).
"""

import pytest

from tools.prodserver import production_server
from tools.screenshots.screenshots import BROKEN_IMAGES

PAGES_WITH_IMAGES = [
    "/",
    "/blog/is-ketamine-therapy-right-for-me/",
    "/blog/",
    "/blog/topic/ketamine-therapy/",
    "/ketamine-therapy/",
    "/team/maya-ellison/",
    "/team/",
]


@pytest.fixture
def production_site():
    """The demo site with its artwork on the production profile (tools/prodserver.py); yields its base URL.

    gunicorn with one worker, so every request meets the same page cache: what one visitor's request
    leaves in it, the next one gets.
    """
    # The server is configured as `make serve` is, not with this test run's settings module.
    with production_server("images-test", workers=1, env={"DJANGO_SETTINGS_MODULE": "config.settings"}) as (base, _):
        yield base


def visit(browser, base, width, passes):
    """Visits every page `passes` times in one browser profile; returns what was broken, where."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    broken = []
    try:
        for visit_number in range(1, passes + 1):
            for path in PAGES_WITH_IMAGES:
                response = page.goto(base + path, wait_until="networkidle")
                assert response.status == 200, path
                seen = page.evaluate(BROKEN_IMAGES)
                assert seen["count"], f"{path} shows no image at all"
                broken += [f"{width} px, visit {visit_number}, {path}: {src}" for src in seen["broken"]]
    finally:
        context.close()
    return broken


def test_visitor_sees_every_image_coming_back_and_on_a_second_device(browser, production_site):
    # A phone reads the site and comes back; then a laptop, holding nothing, reads the same pages twice.
    broken = visit(browser, production_site, 390, passes=2)
    broken += visit(browser, production_site, 1366, passes=2)
    assert not broken, "broken images:\n" + "\n".join(broken)
