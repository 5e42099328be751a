"""Content checks for health pages in the editor's Checks panel: each check, and how editors meet them."""

import json
from pathlib import Path

import lxml.html
import pytest
from django.urls import reverse

from clinical_review import content_checks
from clinical_review.content_checks import outcome_promises, reading_grade
from tests.factories import BlogPageFactory

GUIDE_TEXT = (
    Path(__file__).resolve().parent.parent / "demo" / "content" / "is-ketamine-therapy-right-for-me.txt"
).read_text(encoding="utf-8")


def checks_of(page):
    return {finding.check: finding.details for finding in content_checks.findings(page)}


def test_plain_sentences_grade_low_and_dense_ones_high():
    assert reading_grade("We see you. You can call us. We will help you plan.") < 3
    dense = (
        "Pharmacological interventions demonstrating considerable therapeutic efficacy necessitate comprehensive "
        "psychiatric evaluation, continuous physiological monitoring and individualised integration strategies."
    )
    assert reading_grade(dense) > 16


@pytest.mark.parametrize(
    "sentence",
    [
        "Our treatment is guaranteed to work.",
        "Ketamine cures depression.",
        "It is 100% effective for everyone.",
        "There are no side effects.",
        "We guarantee results in one session.",
    ],
)
def test_editor_is_told_about_a_sentence_that_promises_an_outcome(sentence):
    assert outcome_promises(f"Some context first. {sentence} More text after.") == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ketamine therapy is not a miracle cure.",
        "These benefits are not guaranteed, but for the right candidates, they can be life-changing.",
        "There is no cure that works for everyone.",
        "We never guarantee results.",
    ],
)
def test_an_honest_denial_is_not_flagged_as_a_promise(sentence):
    assert outcome_promises(sentence) == []


def test_the_flagship_guide_makes_no_outcome_promise():
    assert outcome_promises(" ".join(GUIDE_TEXT.split())) == []


@pytest.mark.django_db
def test_editor_is_told_the_crisis_box_is_missing_on_a_page_about_suicide(blog_index):
    body = json.dumps(
        [{"type": "section", "value": {"heading": "Safety", "body": "<p>It can ease suicidal thoughts.</p>"}}]
    )
    page = BlogPageFactory(parent=blog_index, slug="safety", body=body)
    assert "crisis-box-missing" in checks_of(page)
    page.touches_on_suicide = True
    assert "crisis-box-missing" not in checks_of(page)


@pytest.mark.django_db
def test_editor_is_told_about_an_image_without_alt_text(blog_index):
    from wagtail_factories import ImageFactory

    image = ImageFactory()
    body = json.dumps(
        [
            {"type": "image", "value": {"image": image.pk, "alt_text": "", "decorative": False, "caption": "Our room"}},
            {"type": "image", "value": {"image": image.pk, "alt_text": "", "decorative": True, "caption": ""}},
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "A calm room", "decorative": False, "caption": ""},
            },
        ]
    )
    page = BlogPageFactory(parent=blog_index, slug="images", body=body)
    page.hero_image, page.hero_alt_text = image, ""  # as an unsaved edit (saving refuses it)
    assert checks_of(page)["image-alt-missing"] == ["the hero image", "Our room"]


@pytest.mark.django_db
def test_editor_is_told_about_links_that_say_click_here(blog_index):
    body = json.dumps(
        [
            {
                "type": "section",
                "value": {
                    "heading": "Next",
                    "body": '<p>To book, <a href="/book/">click here</a>. <a href="/faq/">Our FAQ</a>.</p>',
                },
            },
            {
                "type": "cta",
                "value": {
                    "heading": "Ready?",
                    "text": "",
                    "link": {"label": "Read more", "page": None, "external_url": ""},
                },
            },
        ]
    )
    page = BlogPageFactory(parent=blog_index, slug="links", body=body)
    assert checks_of(page)["vague-link-text"] == ["click here", "Read more"]


@pytest.mark.django_db
def test_a_plain_honest_page_passes_every_check(blog_index):
    body = json.dumps(
        [
            {
                "type": "section",
                "value": {"heading": "What to expect", "body": "<p>We talk. You ask. We plan with you.</p>"},
            }
        ]
    )
    page = BlogPageFactory(parent=blog_index, slug="plain", title="What to expect", summary="A short visit.", body=body)
    assert checks_of(page) == {}


@pytest.mark.django_db
def test_editor_preview_carries_the_findings_to_the_checks_panel(admin_client, blog_index):
    body = json.dumps(
        [{"type": "section", "value": {"heading": "Results", "body": "<p>Our care is guaranteed to work.</p>"}}]
    )
    page = BlogPageFactory(parent=blog_index, slug="promise", body=body)
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    html = response.content.decode()
    tree = lxml.html.fromstring(html)
    config = json.loads(tree.get_element_by_id("checker-axe-configuration").text)
    assert "clinic-outcome-promise" in config["options"]["runOnly"]
    assert {"id": "clinic-outcome-promise", "selector": "main"}.items() <= next(
        rule for rule in config["spec"]["rules"] if rule["id"] == "clinic-outcome-promise"
    ).items()
    message = config["messages"]["clinic-outcome-promise"]
    assert message["error_name"] == "Promises an outcome" and "Our care is guaranteed to work." in message["help_text"]
