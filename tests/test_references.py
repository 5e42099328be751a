"""Sources: a references block readers can follow, which crawlers read as the page's citations."""

import json

import lxml.html
import pytest
from wagtail import blocks

from site_pages.blocks import ReferenceBlock
from tests.factories import BlogPageFactory

SOURCES = [
    {
        "authors": "Smith J, Patel R",
        "title": "A trial of something",
        "publisher": "Journal of Examples",
        "year": 2020,
        "url": "",
        "doi": "10.1000/xyz123",
    },
    {
        "authors": "",
        "title": "9-8-8: Suicide Crisis Helpline",
        "publisher": "",
        "year": None,
        "url": "https://988.ca/",
        "doi": "",
    },
]


def references_body(sources):
    return json.dumps([{"type": "references", "value": {"heading": "References", "items": sources}}])


def json_ld(html):
    tree = lxml.html.fromstring(html)
    return [json.loads(script.text) for script in tree.xpath("//script[@type='application/ld+json']")]


@pytest.mark.django_db
def test_reader_follows_numbered_sources_from_the_guide(client, blog_index):
    BlogPageFactory(parent=blog_index, slug="sourced", body=references_body(SOURCES))
    tree = lxml.html.fromstring(client.get("/blog/sourced/").content)
    items = tree.xpath("//section[@class='references']/ol/li")
    assert len(items) == 2, "a numbered (ordered) list"
    assert items[0].xpath(".//a/@href") == ["https://doi.org/10.1000/xyz123"]
    assert "Smith J, Patel R. A trial of something. Journal of Examples; 2020." in " ".join(
        items[0].text_content().split()
    )
    assert items[1].xpath(".//a/@href") == ["https://988.ca/"]


@pytest.mark.django_db
def test_crawler_reads_the_sources_as_the_pages_citations(client, blog_index):
    BlogPageFactory(parent=blog_index, slug="sourced", body=references_body(SOURCES))
    html = client.get("/blog/sourced/").content.decode()
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "citation" in node:
                found.extend(node["citation"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json_ld(html))
    assert [work["url"] for work in found] == ["https://doi.org/10.1000/xyz123", "https://988.ca/"]
    # A free-text author list is schema.org's creditText: `author` expects Person or Organization nodes.
    assert found[0]["creditText"] == "Smith J, Patel R" and found[0]["datePublished"] == "2020"
    assert found[0]["identifier"]["value"] == "10.1000/xyz123"
    assert found[0]["publisher"] == {"@type": "Organization", "name": "Journal of Examples"}


@pytest.mark.django_db
def test_a_page_without_sources_claims_no_citations(client, blog_index):
    BlogPageFactory(parent=blog_index, slug="plain")
    assert '"citation"' not in client.get("/blog/plain/").content.decode()


def test_editor_must_give_a_source_a_url_or_doi():
    with pytest.raises(blocks.StructBlockValidationError) as refused:
        ReferenceBlock().clean(ReferenceBlock().to_python({"title": "Something I read"}))
    assert "Add the source's URL or its DOI" in str(refused.value.block_errors["url"])


def test_editor_pastes_a_doi_link_and_keeps_the_doi():
    value = ReferenceBlock().clean(
        ReferenceBlock().to_python({"title": "A trial", "doi": "https://doi.org/10.1000/abc"})
    )
    assert value["doi"] == "10.1000/abc" and value.href == "https://doi.org/10.1000/abc"


def test_a_malformed_doi_is_refused_in_plain_words():
    with pytest.raises(blocks.StructBlockValidationError) as refused:
        ReferenceBlock().clean(ReferenceBlock().to_python({"title": "A trial", "doi": "not a doi"}))
    assert "A DOI starts with" in str(refused.value.block_errors["doi"])
