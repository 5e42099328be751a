"""Wagtail's own drafting tools, configured for the clinic and shown to work: scheduling, revisions, locking."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from blog.models import BlogPage
from tests.factories import BlogPageFactory


@pytest.fixture
def post(blog_index):
    return BlogPageFactory(parent=blog_index, slug="guide", title="First title")


@pytest.mark.django_db
def test_editor_schedules_a_post_and_the_periodic_job_publishes_it(blog_index, admin_user):
    post = BlogPageFactory(parent=blog_index, slug="scheduled", title="Coming soon", live=False)
    post.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = post.save_revision(user=admin_user)
    revision.publish(user=admin_user)  # what "Publish" does with a future go-live date: schedule it

    call_command("publish_scheduled", stdout=io.StringIO())
    assert not BlogPage.objects.get(pk=post.pk).live, "not before its time"

    revision.refresh_from_db()
    assert revision.approved_go_live_at
    # Let the hour pass: the go-live time, as stored in the revision, is now behind us.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())
    assert BlogPage.objects.get(pk=post.pk).live


@pytest.mark.django_db
def test_editor_compares_revisions_and_rolls_back(admin_client, admin_user, post):
    first = post.save_revision(user=admin_user)
    first.publish()
    post.title = "Second title"
    second = post.save_revision(user=admin_user)
    second.publish()

    compare = reverse("wagtailadmin_pages:revisions_compare", args=[post.pk, first.pk, second.pk])
    response = admin_client.get(compare)
    assert response.status_code == 200
    html = response.content.decode()
    assert "First" in html and "Second" in html and "title" in html

    revert = reverse("wagtailadmin_pages:revisions_revert", args=[post.pk, first.pk])
    response = admin_client.get(revert)
    assert response.status_code == 200
    assert 'value="First title"' in response.content.decode(), "the editor opens with the old revision's content"


@pytest.mark.django_db
def test_locked_page_cannot_be_edited_by_another_editor(client, django_user_model, admin_user, post):
    from django.contrib.auth.models import Group

    post.locked, post.locked_by, post.locked_at = True, admin_user, timezone.now()
    post.save()
    editor = django_user_model.objects.create_user("editor", "editor@example.com", "password")
    editor.groups.add(Group.objects.get(name="Marketing editors"))
    assert post.permissions_for_user(editor).can_edit()
    assert post.get_lock().for_user(editor), "the lock applies to everyone but its owner"
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk]))
    assert "locked" in response.content.decode().lower()
