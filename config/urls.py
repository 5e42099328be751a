from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from search import views as search_views
from seo.sitemap import SeoSitemap
from seo.views import robots_txt
from site_pages.views import security_txt

urlpatterns = [
    # Wagtail's workflow action URL, answered by a view that also confirms an approval (clinical_review).
    path("admin/", include("clinical_review.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml", sitemap, {"sitemaps": {"pages": SeoSitemap}, "template_name": "seo/sitemap.xml"}, name="sitemap"
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("search/", search_views.search, name="search"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_MEDIA:
    # `make serve` and `make screenshots` on one machine with no nginx in front: the app serves renditions
    # itself, and, as deploy/nginx/clinic.conf does, never the originals or documents. A rendition's name
    # changes with its image, crop and format, so browsers keep it as long as nginx lets them, and do not
    # ask again on reload (`immutable`); the 304 to a browser that does ask says the same.
    from django.urls import re_path
    from django.views.decorators.cache import cache_control
    from django.views.static import serve

    serve_rendition = cache_control(public=True, max_age=30 * 24 * 60 * 60, immutable=True)(serve)
    urlpatterns += [
        re_path(
            r"^media/(?P<path>images/[^/]+)$", serve_rendition, {"document_root": settings.MEDIA_ROOT}, name="media"
        ),
    ]

# A database outage answers 503 with Retry-After; anything else, the plain 500 page.
handler500 = "serving.errors.server_error"

# Wagtail's catch-all page serving comes last.
urlpatterns += [path("", include(wagtail_urls))]
