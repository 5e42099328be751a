"""Visitors search the site at /search/. Runs on SQLite and, in CI, again on PostgreSQL: both backends."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from search.views import RESULTS_PER_PAGE
from tests.factories import BlogPageFactory, ServicePageFactory, StandardPageFactory


def search(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200, repr(query)
    return BeautifulSoup(response.content, "html.parser")


def result_titles(soup):
    return [a.get_text() for a in soup.select(".search-result:not(.search-result--promoted) .search-result__title a")]


def section(heading, text):
    return {"type": "section", "value": {"heading": heading, "body": f"<p>{text}</p>"}}


@pytest.fixture
def pages(home, blog_index):
    return {
        "service": ServicePageFactory(
            parent=home, slug="psychiatry", title="Psychiatry", summary="Assessment and medication management."
        ),
        "guide": BlogPageFactory(
            parent=blog_index,
            slug="sleep",
            title="Sleeping better",
            summary="Small changes that help.",
            body=[section("Routines", "A steady bedtime routine helps with insomnia for many people.")],
        ),
        "about": StandardPageFactory(parent=home, slug="about", title="About us", introduction="Our team."),
    }


@pytest.mark.django_db
def test_visitor_finds_a_page_by_words_inside_its_blocks(client, pages):
    soup = search(client, "insomnia")
    assert result_titles(soup) == ["Sleeping better"]
    assert soup.select_one(".search-result p").get_text() == "Small changes that help."


@pytest.mark.django_db
def test_results_show_the_summary_with_the_matched_words_marked(client, pages):
    soup = search(client, "medication")
    assert result_titles(soup) == ["Psychiatry"]
    summary = soup.select_one(".search-result p")
    assert summary.get_text() == "Assessment and medication management."
    assert [mark.get_text() for mark in summary.find_all("mark")] == ["medication"]


@pytest.mark.django_db
def test_summary_markup_is_escaped_not_rendered(client, home):
    ServicePageFactory(parent=home, slug="x", title="Escaping", summary="Medication <em>plans</em> & dosing")
    html = str(search(client, "medication").select_one(".search-result p"))
    assert html == "<p><mark>Medication</mark> &lt;em&gt;plans&lt;/em&gt; &amp; dosing</p>"


@pytest.mark.django_db
def test_drafts_and_private_pages_are_never_found(client, pages, blog_index):
    BlogPageFactory(parent=blog_index, slug="draft", title="Draft insomnia notes", live=False)
    private = BlogPageFactory(parent=blog_index, slug="private", title="Private insomnia notes")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert result_titles(search(client, "insomnia")) == ["Sleeping better"]


@pytest.mark.django_db
def test_results_are_paginated_and_keep_the_query(client, blog_index):
    for n in range(RESULTS_PER_PAGE + 2):
        BlogPageFactory(parent=blog_index, slug=f"panic-{n}", title=f"Panic note {n}")
    first = search(client, "panic")
    assert len(result_titles(first)) == RESULTS_PER_PAGE
    assert first.select_one("#results-heading").get_text() == f"{RESULTS_PER_PAGE + 2} results"
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert next_link == "?q=panic&page=2"
    second = search(client, "panic", page=2)
    assert len(result_titles(second)) == 2
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    assert len(result_titles(search(client, "panic", page="nonsense"))) == RESULTS_PER_PAGE
    assert len(result_titles(search(client, "panic", page=999))) == 2


@pytest.mark.django_db
def test_editor_promoted_results_come_first_and_are_not_repeated(client, pages):
    query = Query.get("Insomnia")
    SearchPromotion.objects.create(
        query=query, page=pages["about"], description="Meet the team who can help.", sort_order=0
    )
    SearchPromotion.objects.create(
        query=query, external_link_url="https://example.org/sleep", external_link_text="Sleep charity", sort_order=1
    )
    SearchPromotion.objects.create(query=query, page=pages["guide"], sort_order=2)
    soup = search(client, "  INSOMNIA ")
    promoted = [(a.get_text(), a["href"]) for a in soup.select(".search-result--promoted a")]
    assert promoted == [
        ("About us", "/about/"),
        ("Sleep charity", "https://example.org/sleep"),
        ("Sleeping better", "/blog/sleep/"),
    ]
    assert "Meet the team who can help." in soup.select_one(".search-result--promoted").get_text()
    assert result_titles(soup) == [], "a promoted page is not listed again among the results"


@pytest.mark.django_db
def test_search_page_has_a_title_and_is_kept_out_of_search_engines(client, pages):
    for soup in (search(client, ""), search(client, "insomnia"), search(client, "zzzqqq")):
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert soup.title.get_text().endswith("| Test Clinic") or "Search" in soup.title.get_text()
        assert len(soup.find_all("h1")) == 1
    assert search(client, "insomnia").title.get_text().startswith("Search results for “insomnia”")
    assert search(client, "").title.get_text().startswith("Search |")


@pytest.mark.django_db
def test_empty_query_invites_a_search(client, pages):
    soup = search(client, "   ")
    assert soup.find("h1").get_text() == "Search"
    assert soup.find("input", attrs={"name": "q"})
    assert "Type a word or two" in soup.get_text()


NONSENSE = [
    "zzzqqqxxy",
    "!!!",
    "\"'()*:&|",
    "NOT",
    "OR anxiety",
    "NEAR(a b)",
    "ketamine*",
    "-",
    "\\",
    "'; DROP TABLE wagtailcore_page; --",
    "a" * 5000,
    "insomnia\x00",  # PostgreSQL refuses a NUL byte in any string: the query must not reach it
    "\x00",
    "\x1b[31m",
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", NONSENSE, ids=lambda q: repr(q[:20]))
def test_nonsense_queries_get_a_helpful_page_not_an_error(client, pages, query):
    soup = search(client, query)
    assert soup.find("h1")
    assert soup.find("input", attrs={"name": "q"})
    if not result_titles(soup):
        text = soup.get_text()
        assert "Try a shorter or more general word" in text or "Type a word or two" in text


@pytest.mark.django_db
def test_nul_byte_is_dropped_and_the_rest_still_searched(client, pages):
    assert result_titles(search(client, "\x00insomnia")) == ["Sleeping better"]
    assert search(client, "insomnia\x00").find("input", attrs={"name": "q"})["value"] == "insomnia"


@pytest.mark.django_db
def test_search_runs_on_the_configured_database_backend(pages):
    from wagtail.search.backends import get_search_backend

    backend = type(get_search_backend()).__name__
    expected = {"postgresql": "PostgresSearchBackend", "sqlite": "SQLiteSearchBackend"}[connection.vendor]
    assert backend == expected


@pytest.mark.django_db
def test_results_cost_a_fixed_number_of_queries(client, settings, home, blog_index):
    from tests.test_public_pages import QUERY_BUDGET

    settings.WAGTAIL_CACHE = True  # production: results are never cached, the lookups every page makes are

    def count(query):
        search(client, query)  # warm the site root paths, as a running server has them
        with CaptureQueriesContext(connection) as queries:
            search(client, query)
        return len(queries)

    BlogPageFactory(parent=blog_index, slug="one", title="Grief")
    ServicePageFactory(parent=home, slug="one-service", title="Grief support")
    few = count("grief")
    for n in range(RESULTS_PER_PAGE):
        BlogPageFactory(parent=blog_index, slug=f"p{n}", title=f"Panic {n}")
        ServicePageFactory(parent=home, slug=f"s{n}", title=f"Panic service {n}")
    many = count("panic")
    # Pages are fetched with one query per page type on the results page, never one per result.
    assert many <= few <= QUERY_BUDGET
