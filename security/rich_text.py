"""Rich text is cleaned on the way out, whatever route it took into the database.

The editor only produces the markup its features allow, but an import, a script or a fixture writes
stored HTML directly. Without this, a stored `<script>`, `onerror=` or `javascript:` link would reach
visitors verbatim; the CSP stops most of it, and this stops it where the CSP is off or report-only.
"""

import nh3

# What Wagtail's rich text features render (headings, lists, links, embedded images), nothing more.
ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "a", "ul", "ol", "li",
    "blockquote", "hr", "code", "sub", "sup", "s", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height", "class"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_rich_text(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,  # internal links stay as Wagtail wrote them; no rel added
        strip_comments=True,
    )
