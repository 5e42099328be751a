"""The editor guides marketers: collapsed, titled blocks, plain errors, tidy pastes, honest dates, confirmations."""

import datetime
import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail import blocks

from site_pages.blocks import BodyBlock
from site_pages.models import Person
from site_pages.pasted_text import tidy_pasted_html
from tests.factories import BlogPageFactory

BODY = BodyBlock()


def edit_form(page, body):
    """The blog post edit form as a browser posts it, with the body given as (type, value) pairs."""
    form = {
        "title": page.title,
        "slug": page.slug,
        "date": "2026-11-01",
        "summary": page.summary,
        "introduction": '{"blocks":[],"entityMap":{}}',
        "body-count": str(len(body)),
        "related_posts-count": "0",
        "authors-TOTAL_FORMS": "0",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
    }
    for index, (block_type, fields) in enumerate(body):
        form.update({f"body-{index}-type": block_type, f"body-{index}-deleted": "", f"body-{index}-order": str(index)})
        form.update({f"body-{index}-value-{name}": value for name, value in fields.items()})
    return form


def test_editor_opens_a_page_with_every_block_collapsed():
    assert BODY.meta.collapsed is True


@pytest.mark.parametrize(
    ("name", "value", "title_field"),
    [
        ("callout", {"tone": "urgent", "heading": "If you are in crisis"}, "heading"),
        ("benefits", {"heading": "Potential Benefits"}, "heading"),
        ("image", {"caption": "Our treatment room", "alt_text": "", "decorative": True}, "caption"),
    ],
)
def test_collapsed_blocks_are_titled_by_what_they_say_not_their_first_setting(name, value, title_field):
    label_format = BODY.child_blocks[name].meta.label_format
    assert (
        label_format.format_map({key: value.get(key, "") for key in BODY.child_blocks[name].child_blocks}).strip()
        == (value[title_field])
    )


def test_an_empty_list_asks_for_an_item_in_plain_words():
    benefits = BODY.child_blocks["benefits"]
    with pytest.raises(blocks.StructBlockValidationError) as refused:
        benefits.clean(benefits.to_python({"heading": "Benefits", "items": []}))
    messages = [str(message) for message in refused.value.block_errors["items"].non_block_errors.as_data()]
    assert messages == ["['Add at least one item.']"]


def test_word_comment_markers_empty_paragraphs_and_headings_are_dropped_from_a_paste():
    pasted = "<h3></h3><p>Ketamine is not a miracle cure.[MM1]</p><p>&nbsp;</p><p><br/></p><p>Ask us[JS12] first.</p>"
    assert tidy_pasted_html(pasted) == "<p>Ketamine is not a miracle cure.</p><p>Ask us first.</p>"


def test_a_pasted_block_is_tidied_when_saved():
    section = BODY.child_blocks["section"]
    value = section.clean(section.to_python({"heading": "What it is", "body": "<p>Text[A1]</p><p></p>"}))
    assert value["body"].source == "<p>Text</p>"


@pytest.mark.django_db
def test_editor_saving_a_draft_with_an_empty_required_block_is_told_which(client, make_staff, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="draft-guide")
    client.force_login(make_staff("editor", "Marketing editors"))
    body = [
        (
            "section",
            {
                "heading": "Fine",
                "body": json.dumps(
                    {
                        "blocks": [
                            {
                                "key": "a",
                                "text": "Done.",
                                "type": "unstyled",
                                "depth": 0,
                                "inlineStyleRanges": [],
                                "entityRanges": [],
                            }
                        ],
                        "entityMap": {},
                    }
                ),
            },
        ),
        ("benefits", {"heading": "", "intro": "null", "items-count": "0", "closing_note": "null"}),
    ]
    response = client.post(reverse("wagtailadmin_pages:edit", args=[post.pk]), edit_form(post, body))
    assert response.status_code == 302, "the draft is saved: nothing is lost"
    warnings = [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "warning"]
    assert any("“Benefits” (block 2)" in warning and "not finished" in warning for warning in warnings), warnings


@pytest.mark.django_db
def test_a_scheduled_post_is_dated_the_day_it_goes_live(blog_index):
    post = BlogPageFactory(parent=blog_index, slug="scheduled", date=datetime.date(2026, 11, 1))
    post.live, post.first_published_at = False, None
    go_live = timezone.now() + datetime.timedelta(days=10)
    post.go_live_at = go_live
    post.full_clean()
    assert post.date == timezone.localdate(go_live)


@pytest.mark.django_db
def test_an_already_published_post_keeps_its_date_when_an_update_is_scheduled(blog_index):
    post = BlogPageFactory(parent=blog_index, slug="published", date=datetime.date(2026, 11, 1))
    post.first_published_at = timezone.now() - datetime.timedelta(days=30)
    post.go_live_at = timezone.now() + datetime.timedelta(days=10)
    post.full_clean()
    assert post.date == datetime.date(2026, 11, 1)


@pytest.mark.django_db
def test_reviewer_is_told_the_page_went_live_after_approving(client, make_staff, blog_index):
    editor = make_staff("editor", "Marketing editors")
    reviewer = make_staff("reviewer", "Clinical reviewers")
    Person.objects.create(name="Maya Ellison", user=reviewer)
    post = BlogPageFactory(parent=blog_index, slug="to-approve", title="The guide")
    post.save_revision(user=editor)
    post.get_workflow().start(post, editor)

    client.force_login(reviewer)
    form = edit_form(post, [])
    form.update(
        {"action-workflow-action": "true", "workflow-action-name": "approve", "workflow-action-extra-data": "{}"}
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[post.pk]), form)
    assert response.status_code == 302
    successes = [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "success"]
    assert "Approved: “The guide” is live." in successes


def start_review(post, editor, **changes):
    for name, value in changes.items():
        setattr(post, name, value)
    post.save_revision(user=editor)
    return post.get_workflow().start(post, editor).current_task_state


def dashboard_action_url(post, task_state, action):
    return reverse("wagtailadmin_pages:workflow_action", args=[post.pk, action, task_state.pk])


def successes_on(response):
    return [str(message) for message in response.context["messages"] if message.level_tag == "success"]


@pytest.mark.django_db
def test_reviewer_approving_from_the_dashboard_is_told_the_guide_is_live(client, editor, reviewer, post):
    task_state = start_review(post, editor, title="The guide, revised")
    client.force_login(reviewer)
    dashboard = reverse("wagtailadmin_home")
    assert dashboard_action_url(post, task_state, "approve") in client.get(dashboard).content.decode()

    # The dashboard's plain "Approve" button posts a form and comes back to the dashboard.
    response = client.post(dashboard_action_url(post, task_state, "approve"), {"next": dashboard}, follow=True)
    assert response.redirect_chain[-1][0] == dashboard
    assert successes_on(response) == ["Approved: “The guide, revised” is live."]
    assert "Approved: “The guide, revised” is live." in response.content.decode()


@pytest.mark.django_db
def test_reviewer_approving_with_a_comment_in_the_pop_up_sees_the_confirmation_next(client, editor, reviewer, post):
    task_state = start_review(post, editor)
    client.force_login(reviewer)
    dashboard = reverse("wagtailadmin_home")
    response = client.post(
        dashboard_action_url(post, task_state, "approve"),
        {"comment": "Checked against the 2025 guidance.", "next": dashboard},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert json.loads(response.content)["step"] == "success"
    # The pop-up then sends the browser to the dashboard, which shows the message.
    assert successes_on(client.get(json.loads(response.content)["redirect"])) == ["Approved: “The guide” is live."]


@pytest.mark.django_db
def test_reviewer_approving_a_scheduled_guide_is_told_when_it_goes_live(client, editor, reviewer, post):
    go_live = timezone.now() + datetime.timedelta(days=3)
    task_state = start_review(post, editor, go_live_at=go_live)
    client.force_login(reviewer)
    response = client.post(dashboard_action_url(post, task_state, "approve"), follow=True)
    when = timezone.localtime(go_live).strftime("%-d %B %Y at %H:%M")
    assert successes_on(response) == [f"Approved and scheduled: “The guide” goes live on {when}."]
    post.refresh_from_db()
    assert not post.live_revision, "scheduled, not live yet"


@pytest.mark.django_db
def test_reviewer_asking_for_changes_is_not_told_it_was_approved(client, editor, reviewer, post):
    task_state = start_review(post, editor)
    client.force_login(reviewer)
    response = client.post(dashboard_action_url(post, task_state, "reject"), {"comment": "Cite a source."}, follow=True)
    assert not any("Approved" in message for message in successes_on(response))


@pytest.mark.django_db
def test_editor_cannot_approve_from_the_dashboard_address(client, editor, post):
    task_state = start_review(post, editor)
    client.force_login(editor)
    response = client.post(dashboard_action_url(post, task_state, "approve"), follow=True)
    errors = [str(message).strip() for message in response.context["messages"] if message.level_tag == "error"]
    assert errors == ["Sorry, you do not have permission to access this area."]
    assert successes_on(response) == []
    post.refresh_from_db()
    assert not post.live_revision


@pytest.mark.django_db
def test_staff_avatars_never_load_from_gravatar(client, make_staff):
    client.force_login(make_staff("editor", "Marketing editors"))
    assert "gravatar.com" not in client.get(reverse("wagtailadmin_home")).content.decode()
