"""Every block in the library renders on its own (its admin preview) and inside a published page."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail import hooks
from wagtail_factories import ImageFactory

from site_pages.blocks import BodyBlock, LinkBlock
from tests.factories import BlogPageFactory, StandardPageFactory

BODY = BodyBlock()
ITEM_LIST_BLOCKS = ["who_it_helps", "not_right_for", "benefits", "risks", "questions"]


def test_block_library_offers_the_agreed_blocks():
    assert list(BODY.child_blocks) == [
        "section",
        *ITEM_LIST_BLOCKS,
        "callout",
        "cta",
        "faq",
        "image",
        "quote",
        "embed",
        "contact_details",
        "references",
    ]


def registered_icons():
    """The icon names the admin's sprite holds: Wagtail's own and any an app registers."""
    icons = []
    for register in hooks.get_hooks("register_icons"):
        icons = register(icons)
    return {Path(template).stem for template in icons}


WAGTAIL_ICONS = registered_icons()


@pytest.mark.parametrize("name", list(BODY.child_blocks))
def test_editor_sees_icon_description_and_template_for_every_block(name):
    meta = BODY.child_blocks[name].meta
    assert meta.icon and meta.icon != "placeholder"
    assert meta.icon in WAGTAIL_ICONS, f"Wagtail 7.4 has no icon “{meta.icon}”: the picker would show none"
    assert meta.description
    assert meta.template == f"blocks/{meta.template.split('/')[-1]}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(BODY.child_blocks))
def test_every_block_renders_its_preview_value(name):
    ImageFactory()  # the image block previews the newest image in the library
    block = BODY.child_blocks[name]
    html = block.render(block.get_preview_value())
    soup = BeautifulSoup(html, "html.parser")
    text = soup.get_text(" ", strip=True)
    assert text or soup.find("img"), f"{name} rendered nothing"
    preview = block.get_preview_value()
    heading = preview.get("heading") or preview.get("title") or preview.get("quote") or ""
    assert heading in text


def test_item_list_blocks_share_one_structure_and_store_items():
    classes = {type(BODY.child_blocks[name]) for name in ITEM_LIST_BLOCKS}
    assert len(classes) == 1
    for name in ITEM_LIST_BLOCKS:
        assert "items" in BODY.child_blocks[name].child_blocks
    templates = {BODY.child_blocks[name].meta.template for name in ITEM_LIST_BLOCKS}
    assert len(templates) == len(ITEM_LIST_BLOCKS), "each list block has its own presentation"


def test_not_right_for_is_shown_in_a_caution_style():
    block = BODY.child_blocks["not_right_for"]
    assert "numbered-items--caution" in block.render(block.get_preview_value())
    helps = BODY.child_blocks["who_it_helps"]
    assert "numbered-items--caution" not in helps.render(helps.get_preview_value())


@pytest.mark.django_db
def test_link_needs_exactly_one_target(home):
    block = LinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"label": "Book", "page": None, "external_url": ""}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"label": "Book", "page": home.pk, "external_url": "https://example.com"}))
    internal = block.clean(block.to_python({"label": "Book", "page": home.pk, "external_url": ""}))
    assert internal.url == home.url
    external = block.clean(block.to_python({"label": "Book", "page": None, "external_url": "https://example.com/book"}))
    assert (external.url, external.text) == ("https://example.com/book", "Book")


@pytest.mark.django_db
def test_image_block_renders_responsive_picture_with_alt_text():
    image = ImageFactory(width=1600, height=900)
    block = BODY.child_blocks["image"]
    value = block.to_python({"image": image.pk, "alt_text": "A calm treatment room", "caption": "Our room"})
    soup = BeautifulSoup(block.render(value), "html.parser")
    img = soup.find("img")
    assert img["alt"] == "A calm treatment room"
    assert img["width"] and img["height"] and img["loading"] == "lazy"
    assert {s["type"] for s in soup.find_all("source")} == {"image/avif", "image/webp"}


def test_embed_links_out_instead_of_loading_a_third_party_frame():
    block = BODY.child_blocks["embed"]
    html = block.render(block.get_preview_value())
    assert "<iframe" not in html and "<script" not in html
    assert "Opens on www.youtube.com" in html


def every_block_stream():
    """Raw stream data with one of every block, as an editor would save it."""
    stream = []
    for name, block in BODY.child_blocks.items():
        if name == "image":
            continue
        value = block.get_prep_value(block.get_preview_value())
        stream.append({"type": name, "value": value})
    return stream


@pytest.mark.django_db
def test_every_block_renders_inside_a_published_page(client, home, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="all-blocks", body=every_block_stream())
    response = client.get(post.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    for name in BODY.child_blocks:
        if name != "image":
            assert soup.select_one(f".block-{name}"), f"{name} is missing from the page"


@pytest.mark.django_db
def test_table_of_contents_follows_block_order(client, home, blog_index):
    benefits = BODY.child_blocks["benefits"]
    helps = BODY.child_blocks["who_it_helps"]
    stream = [
        {"type": "who_it_helps", "value": helps.get_prep_value(helps.get_preview_value())},
        {"type": "callout", "value": {"tone": "info", "heading": "Not in the contents", "text": "<p>x</p>"}},
        {"type": "benefits", "value": benefits.get_prep_value(benefits.get_preview_value())},
    ]
    post = BlogPageFactory(parent=blog_index, slug="ordered", body=stream)
    assert [heading for _, heading in post.table_of_contents()] == [
        "Who Ketamine Therapy Helps Most",
        "Potential Benefits",
    ]

    post.body = list(reversed(stream))
    post.save_revision().publish()
    soup = BeautifulSoup(client.get(post.url).content, "html.parser")
    links = soup.select(".toc__list a")
    assert [a.get_text() for a in links] == ["Potential Benefits", "Who Ketamine Therapy Helps Most"]
    for link in links:
        assert soup.find(id=link["href"][1:]), "each contents link points at a heading on the page"


@pytest.mark.django_db
def test_standard_page_renders_blocks(client, home):
    page = StandardPageFactory(parent=home, slug="about", body=every_block_stream())
    assert client.get(page.url).status_code == 200


@pytest.mark.django_db
def test_image_block_needs_alt_text_unless_the_editor_marks_it_decorative():
    image = ImageFactory()
    block = BODY.child_blocks["image"]
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt_text": "  ", "decorative": False, "caption": ""}))
    assert "alt_text" in error.value.block_errors
    decorative = block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": True, "caption": ""}))
    img = BeautifulSoup(block.render(decorative), "html.parser").find("img")
    assert img["alt"] == "", "screen readers skip a decorative image"


@pytest.mark.django_db
def test_image_block_alt_text_is_dropped_when_marked_decorative():
    image = ImageFactory()
    block = BODY.child_blocks["image"]
    value = block.to_python({"image": image.pk, "alt_text": "A room", "decorative": True, "caption": ""})
    assert BeautifulSoup(block.render(value), "html.parser").find("img")["alt"] == ""
