"""Staff groups, the clinical review workflow and the "Due for clinical review" report."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Workflow, WorkflowState

from clinical_review.reports import pages_due_for_review
from site_pages.models import ClinicSettings
from tests.factories import BlogPageFactory, ServicePageFactory, StandardPageFactory


def submit_for_review(page, user):
    page.title = "The guide, revised"
    revision = page.save_revision(user=user)
    workflow_state = page.get_workflow().start(page, user)
    return revision, workflow_state


@pytest.mark.django_db
def test_only_the_three_staff_groups_reach_the_admin():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Marketing editors", "Clinical reviewers", "Site managers"} <= names
    assert not names & {"Editors", "Moderators"}, "Wagtail's stock groups are removed"
    for group in Group.objects.all():
        assert (
            group.permissions.filter(codename="access_admin").exists()
            == (group.name in {"Marketing editors", "Clinical reviewers", "Site managers"})
            or group.name == "Front desk"
        )


@pytest.mark.django_db
def test_editor_can_edit_but_not_publish_and_cannot_touch_settings(editor, post):
    permissions = post.permissions_for_user(editor)
    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert editor.has_perm("site_pages.add_person") and editor.has_perm("site_pages.change_person")
    assert not editor.has_perm("site_pages.change_clinicsettings")
    assert not editor.has_perm("auth.change_user")


@pytest.mark.django_db
def test_site_manager_publishes_and_edits_settings_but_not_users(manager, home, post):
    about = StandardPageFactory(parent=home, slug="about")
    assert about.permissions_for_user(manager).can_publish()
    assert not post.permissions_for_user(manager).can_publish(), "medical pages go live only through review"
    assert manager.has_perm("site_pages.change_clinicsettings")
    assert manager.has_perm("site_pages.change_navigationsettings")
    assert manager.has_perm("wagtailredirects.add_redirect")
    assert not manager.has_perm("auth.change_user") and not manager.has_perm("auth.change_group")
    assert not manager.has_perm("wagtailcore.change_site")


@pytest.mark.django_db
def test_blog_and_service_pages_go_through_clinical_review(home, blog_index, post):
    service = ServicePageFactory(parent=home, slug="ketamine-therapy")
    about = StandardPageFactory(parent=home, slug="about")
    assert post.get_workflow().name == "Clinical review"
    assert service.get_workflow().name == "Clinical review"
    assert about.get_workflow().name == "Site manager approval"
    task = Workflow.objects.get(name="Clinical review").tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Clinical reviewers"]


@pytest.mark.django_db
def test_editor_cannot_publish_a_blog_post_with_a_forged_post(client, editor, post):
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[post.pk])
    response = client.get(edit_url)
    assert response.status_code == 200
    assert 'name="action-publish"' not in response.content.decode()

    form = {
        "title": "Published by an editor",
        "slug": post.slug,
        "date": "2026-11-01",
        "summary": post.summary,
        "introduction": '{"blocks":[],"entityMap":{}}',
        "body-count": "0",
        "related_posts-count": "0",
        "authors-TOTAL_FORMS": "0",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
    }
    response = client.post(edit_url, form)
    assert response.status_code in {302, 403}
    post.refresh_from_db()
    assert post.title == "The guide", "the live page is unchanged"
    assert not post.live_revision, "nothing was published"


@pytest.mark.django_db
def test_reviewer_approval_publishes_and_records_who_reviewed_and_when(editor, reviewer, post):
    revision, workflow_state = submit_for_review(post, editor)
    assert Page.objects.get(pk=post.pk).title == "The guide", "nothing goes live before review"

    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "approve")

    post.refresh_from_db()
    assert post.title == "The guide, revised"
    assert post.last_reviewed == timezone.localdate()
    assert post.reviewed_by == reviewer.clinician
    assert WorkflowState.objects.get(pk=workflow_state.pk).status == WorkflowState.STATUS_APPROVED


@pytest.mark.django_db
def test_rejection_returns_the_page_to_the_editor_with_a_comment(editor, reviewer, post):
    _, workflow_state = submit_for_review(post, editor)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "reject", comment="Cite the dosing guidance.")

    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state.refresh_from_db()
    assert task_state.comment == "Cite the dosing guidance."
    post.refresh_from_db()
    assert post.title == "The guide" and post.last_reviewed is None


@pytest.mark.django_db
def test_reviewer_without_a_person_record_still_dates_the_review(editor, make_staff, post):
    other_reviewer = make_staff("locum", "Clinical reviewers")
    _, workflow_state = submit_for_review(post, editor)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, other_reviewer, "approve")
    post.refresh_from_db()
    assert post.last_reviewed == timezone.localdate() and post.reviewed_by is None


@pytest.mark.django_db
def test_report_lists_overdue_and_never_reviewed_medical_pages_oldest_first(home, blog_index):
    today = timezone.localdate()
    old = BlogPageFactory(parent=blog_index, slug="old", last_reviewed=today - datetime.timedelta(days=500))
    older = ServicePageFactory(parent=home, slug="older", last_reviewed=today - datetime.timedelta(days=900))
    never = BlogPageFactory(parent=blog_index, slug="never")
    BlogPageFactory(parent=blog_index, slug="recent", last_reviewed=today - datetime.timedelta(days=30))
    BlogPageFactory(parent=blog_index, slug="draft", live=False)
    StandardPageFactory(parent=home, slug="about")

    assert [page.pk for page in pages_due_for_review()] == [never.pk, older.pk, old.pk]
    with override_settings(CLINICAL_REVIEW_INTERVAL_MONTHS=24):
        assert [page.pk for page in pages_due_for_review()] == [never.pk, older.pk]


@pytest.mark.django_db
def test_staff_open_the_due_for_review_report_with_edit_links(client, manager, blog_index):
    overdue = BlogPageFactory(parent=blog_index, slug="overdue", title="Overdue guide")
    client.force_login(manager)
    response = client.get(reverse("due_for_review"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Overdue guide" in html and reverse("wagtailadmin_pages:edit", args=[overdue.pk]) in html
    assert "Due for clinical review" in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
def test_visitor_cannot_open_the_report(client):
    response = client.get(reverse("due_for_review"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_every_page_type_tells_editors_what_it_is_for():
    from wagtail.models import get_page_models

    for model in get_page_models():
        if model is not Page:
            assert model.get_page_description(), model.__name__


@pytest.mark.django_db
def test_clinic_settings_exist_with_canadian_crisis_defaults(home):
    clinic = ClinicSettings.for_site(home.get_site())
    assert clinic.crisis_phone == "9-8-8" and clinic.crisis_phone_href == "tel:988"
    assert "9-8-8 Suicide Crisis Helpline" in clinic.crisis_text
    assert "911" in clinic.crisis_text
