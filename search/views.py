"""Site search at /search/: every live, public page of the site, through Wagtail's database backend
(PostgreSQL full-text search on PostgreSQL, FTS5 on SQLite), with the promotions editors set up under
Settings › Promoted search results shown first.

Whatever a visitor types gives a page, never an error: control characters (PostgreSQL rejects a NUL
byte in any string) are dropped and the query is cut to a sane length before it reaches the database.
"""

import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, Site
from wagtail.search.utils import normalise_query_string

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 120
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# What a result shows under its title, by the first of these attributes a page type has and fills in.
SUMMARY_FIELDS = ("search_description", "summary", "introduction", "hero_text")


def clean_query(raw):
    return " ".join(CONTROL_CHARACTERS.sub(" ", raw).split())[:MAX_QUERY_LENGTH]


def search_terms(query):
    """The query's words alone. Punctuation means nothing to full-text search, and a stray quote or
    bracket is a syntax error to SQLite's FTS5."""
    return " ".join(re.findall(r"\w+", query))


def summary_of(page):
    for name in SUMMARY_FIELDS:
        value = getattr(page, name, "")
        if isinstance(value, str) and value.strip():
            return value
    return ""


def highlight(text, query):
    """The text, escaped, with the query's words wrapped in <mark>."""
    words = sorted({word for word in re.findall(r"\w+", query) if len(word) > 1}, key=len, reverse=True)
    if not words:
        return format_html("{}", text)
    pattern = re.compile(r"\b(" + "|".join(re.escape(word) for word in words) + r")", re.IGNORECASE)
    parts = pattern.split(text)
    # split() with one group alternates: text, match, text, match, ..., text.
    return format_html_join(
        "", "{}", ((format_html("<mark>{}</mark>", part) if i % 2 else part,) for i, part in enumerate(parts))
    )


def search(request):
    query = clean_query(request.GET.get("q", ""))
    terms = search_terms(query)
    context = {"query": query, "results": None}
    if terms:
        pages = Page.objects.live().public().in_site(Site.find_for_request(request))
        promotions = list(SearchPromotion.objects.filter(query__query_string=normalise_query_string(query)))
        promoted_pages = pages.filter(pk__in=[p.page_id for p in promotions if p.page_id]).specific().in_bulk()
        results = Paginator(pages.exclude(pk__in=promoted_pages).specific().search(terms), RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context.update(
            results=results,
            promotions=[
                _promoted(promotion, promoted_pages, request)
                for promotion in promotions
                # A promoted page that is no longer live or public is left out.
                if results.number == 1 and (promotion.page_id is None or promotion.page_id in promoted_pages)
            ],
            items=[
                {"title": page.title, "url": page.get_url(request), "summary": highlight(summary_of(page), query)}
                for page in results
            ],
            previous_url=_page_url(query, results.previous_page_number()) if results.has_previous() else None,
            next_url=_page_url(query, results.next_page_number()) if results.has_next() else None,
        )
    return TemplateResponse(request, "search/search.html", context)


def _promoted(promotion, promoted_pages, request):
    page = promoted_pages.get(promotion.page_id)
    if page:
        return {"title": page.title, "url": page.get_url(request), "summary": promotion.description or summary_of(page)}
    return {"title": promotion.external_link_text, "url": promotion.external_link_url, "summary": promotion.description}


def _page_url(query, number):
    return "?" + urlencode({"q": query, "page": number})
