"""/sitemap.xml: every live, public, indexable page (and each blog topic), its last real change and its images.

Pages that say noindex or whose canonical URL points elsewhere leave themselves out (SeoPage.get_sitemap_urls).
The images of all pages are loaded in one query, whatever the number of pages.
"""

from datetime import datetime
from urllib.parse import urljoin

from wagtail.contrib.sitemaps import Sitemap
from wagtail.images import get_image_model


class SeoSitemap(Sitemap):
    def items(self):
        # Wagtail defers stream fields here; the image entries read the bodies' image blocks.
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .specific()
        )

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list:
            urls.extend(item.get_sitemap_urls(self.request))
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        images = get_image_model().objects.in_bulk({pk for url in urls for pk in url.get("image_ids", [])})
        root = self.get_wagtail_site().root_url
        for url in urls:
            if isinstance(url["lastmod"], datetime):
                url["lastmod"] = url["lastmod"].replace(microsecond=0)  # W3C Datetime to the second
            url["images"] = [
                {"loc": urljoin(root, images[pk].file.url)}
                for pk in dict.fromkeys(url.pop("image_ids", []))
                if pk in images
            ]
        return urls
