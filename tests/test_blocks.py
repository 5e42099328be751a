"""Every block in the library renders on its own (its admin preview) and inside a published page."""

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail import hooks
from wagtail_factories import ImageFactory

from site_pages.blocks import BodyBlock, LinkBlock, toc_entries
from tests.factories import BlogPageFactory, StandardPageFactory

BODY = BodyBlock()
ITEM_LIST_BLOCKS = ["who_it_helps", "not_right_for", "benefits", "risks", "questions", "steps"]


def test_block_library_offers_the_agreed_blocks():
    assert list(BODY.child_blocks) == [
        "section",
        *ITEM_LIST_BLOCKS,
        "callout",
        "cta",
        "faq",
        "costs",
        "image",
        "quote",
        "embed",
        "contact_details",
        "location",
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
        "Who ketamine therapy helps most",
        "Potential benefits",
    ]

    post.body = list(reversed(stream))
    post.save_revision().publish()
    soup = BeautifulSoup(client.get(post.url).content, "html.parser")
    links = soup.select(".toc__list a")
    assert [a.get_text() for a in links] == ["Potential benefits", "Who ketamine therapy helps most"]
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


def render_in_page(client, parent, slug, body):
    page = StandardPageFactory(parent=parent, slug=slug, body=body)
    response = client.get(page.url)
    assert response.status_code == 200
    return page, BeautifulSoup(response.content, "html.parser")


def preview_child(name):
    block = BODY.child_blocks[name]
    return {"type": name, "value": block.get_prep_value(block.get_preview_value())}


@pytest.mark.django_db
def test_editor_lists_what_happens_at_the_first_visit_as_numbered_steps_in_the_contents(client, home):
    page, soup = render_in_page(client, home, "first-visit", [preview_child("steps")])
    steps = soup.select_one(".block-steps .trust--steps")
    assert steps.h2.get_text() == "What happens at your first visit"
    assert [title.get_text() for title in steps.select("ol > li .trust__step-title")] == [
        "You check in at the front desk",
        "You meet your clinician",
        "You agree on the next step together",
    ]
    assert [heading for _, heading in toc_entries(page.body)] == ["What happens at your first visit"]


@pytest.mark.django_db
def test_visitor_opens_cost_and_insurance_questions_that_search_engines_read_as_faqs(client, home):
    page, soup = render_in_page(client, home, "fees", [preview_child("faq"), preview_child("costs")])
    costs = soup.select_one(".block-costs .faq--costs")
    assert costs.h2.get_text() == "Cost and insurance"
    assert [summary.get_text() for summary in costs.select("details > summary")] == [
        "Is it covered by Manitoba Health?",
        "Will my private plan pay?",
    ]
    assert costs.select_one(".faq__note a[href^='tel:']"), "visitors are told whom to ask about their own costs"
    assert type(BODY.child_blocks["costs"]) is type(BODY.child_blocks["faq"]), "one FAQ class, two presentations"
    assert "Cost and insurance" in [heading for _, heading in toc_entries(page.body)]
    graph = [json.loads(script.string) for script in soup.select("script[type='application/ld+json']")]
    faq = next(node for data in graph for node in data["@graph"] if node["@type"] == "FAQPage")
    assert [question["name"] for question in faq["mainEntity"]][-2:] == [
        "Is it covered by Manitoba Health?",
        "Will my private plan pay?",
    ]


@pytest.mark.django_db
def test_visitor_gets_directions_as_a_plain_link_and_no_third_party_map(client, home):
    directions = "https://www.openstreetmap.org/#map=17/49.8951/-97.1384"
    value = {"heading": "Finding us", "directions_url": directions, "getting_here": "<p>Bus 11 stops outside.</p>"}
    page, soup = render_in_page(client, home, "finding-us", [{"type": "location", "value": value}])
    location = soup.select_one(".block-location .trust--location")
    link = location.select_one(f"a[href='{directions}']")
    assert link and "Get directions" in link.get_text()
    assert link.find_parent("iframe") is None
    assert not location.select("iframe, script, img, object, embed, link, [style]"), str(location)
    # The address and hours come from Clinic settings, as in the footer: one place to change them.
    assert "100 Example Street, Suite 200" in location.address.get_text()
    assert "Bus 11 stops outside." in location.get_text()
    assert [heading for _, heading in toc_entries(page.body)] == ["Finding us"]
    from_map = [tag for tag in soup.select("[src], [srcset], link[href]") if "openstreetmap" in str(tag)]
    assert not from_map, "the page itself loads nothing from the map's website"


@pytest.mark.django_db
def test_editor_adds_first_visit_cost_and_location_blocks_to_a_draft(client, django_user_model, home):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    editor = django_user_model.objects.create_user("editor", "editor@example.com", "password")
    editor.groups.add(Group.objects.get(name="Marketing editors"))
    client.force_login(editor)
    page = StandardPageFactory(parent=home, slug="what-to-expect")
    draftail = json.dumps(
        {
            "blocks": [
                {
                    "key": "a",
                    "text": "Ask us.",
                    "type": "unstyled",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
            ],
            "entityMap": {},
        }
    )
    form = {"title": page.title, "slug": page.slug, "introduction": "", "body-count": "3"}
    blocks = [
        (
            "steps",
            {
                "heading": "What happens at your first visit",
                "intro": "null",
                "closing_note": "null",
                "items-count": "1",
                "items-0-value-title": "You meet your clinician",
                "items-0-value-text": "null",
                "items-0-deleted": "",
                "items-0-order": "0",
            },
        ),
        (
            "costs",
            {
                "heading": "Cost and insurance",
                "items-count": "1",
                "items-0-value-question": "Is it covered?",
                "items-0-value-answer": draftail,
                "items-0-deleted": "",
                "items-0-order": "0",
            },
        ),
        (
            "location",
            {"heading": "Finding us", "directions_url": "https://www.openstreetmap.org/", "getting_here": "null"},
        ),
    ]
    for index, (block_type, fields) in enumerate(blocks):
        form.update({f"body-{index}-type": block_type, f"body-{index}-deleted": "", f"body-{index}-order": str(index)})
        form.update({f"body-{index}-value-{name}": value for name, value in fields.items()})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()  # its latest revision is the one just saved
    draft = page.get_latest_revision_as_object()
    assert [child.block_type for child in draft.body] == ["steps", "costs", "location"]
    assert draft.body[2].value["directions_url"] == "https://www.openstreetmap.org/"
