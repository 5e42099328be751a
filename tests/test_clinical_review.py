"""The "Medically reviewed" stamp: only an approved clinical review sets it, and only that approval publishes."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page

from clinical_review.models import add_months
from site_pages.models import Person
from tests.factories import BlogPageFactory, ServicePageFactory, StandardPageFactory


def edit_form(page, **extra):
    """The fields the blog post edit form posts, as a browser would send them."""
    return {
        "title": page.title,
        "slug": page.slug,
        "date": "2026-11-01",
        "summary": page.summary,
        "introduction": '{"blocks":[],"entityMap":{}}',
        "body-count": "0",
        "related_posts-count": "0",
        "authors-TOTAL_FORMS": "0",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        **extra,
    }


@pytest.mark.django_db
def test_site_manager_is_offered_submit_for_review_not_publish_on_a_guide(client, manager, post):
    client.force_login(manager)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()
    assert 'name="action-publish"' not in html
    assert html.index('name="action-submit"') < html.index("Save draft"), "submitting is the main action"


@pytest.mark.django_db
def test_site_manager_still_publishes_an_about_page(client, manager, home):
    about = StandardPageFactory(parent=home, slug="about")
    client.force_login(manager)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[about.pk])).content.decode()
    assert 'name="action-publish"' in html


@pytest.mark.django_db
def test_site_manager_cannot_publish_a_guide_with_a_forged_post(client, manager, post):
    client.force_login(manager)
    url = reverse("wagtailadmin_pages:edit", args=[post.pk])
    client.post(url, edit_form(post, title="Published by hand", **{"action-publish": "action-publish"}))
    post.refresh_from_db()
    assert post.title == "The guide" and not post.live_revision, "nothing went live"


@pytest.mark.django_db
def test_editor_cannot_stamp_a_review_date_or_reviewer_by_posting_them(client, editor, post):
    faker = Person.objects.create(name="Dr Nobody", credentials="MD")
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[post.pk])
    html = client.get(url).content.decode()
    assert 'name="last_reviewed"' not in html and 'name="reviewed_by"' not in html, "shown read-only"
    response = client.post(url, edit_form(post, last_reviewed="2026-11-30", reviewed_by=str(faker.pk)))
    assert response.status_code == 302
    draft = post.get_latest_revision_as_object()
    assert draft.last_reviewed is None and draft.reviewed_by is None


@pytest.mark.django_db
def test_reviewer_approves_in_the_admin_and_the_guide_goes_live_stamped(client, editor, reviewer, post):
    post.title = "The guide, revised"
    post.save_revision(user=editor)
    workflow_state = post.get_workflow().start(post, editor)
    assert not reviewer.has_perm("wagtailcore.publish_page")

    client.force_login(reviewer)
    task_state = workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""})
    assert response.status_code == 302

    live = Page.objects.get(pk=post.pk).specific
    assert live.live and live.title == "The guide, revised"
    assert live.reviewed_by == reviewer.clinician and live.last_reviewed == timezone.localdate()

    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()
    assert "Maya Ellison, MD" in html and f"#{task_state.revision_id}" in html, "who approved which revision"


@pytest.mark.django_db
def test_reviewer_cannot_publish_an_about_page_directly(reviewer, home):
    about = StandardPageFactory(parent=home, slug="about")
    assert not about.permissions_for_user(reviewer).can_publish()


@pytest.mark.django_db
def test_visitor_sees_when_a_guide_was_last_reviewed_and_is_next_due(client, blog_index):
    BlogPageFactory(parent=blog_index, slug="reviewed", last_reviewed=datetime.date(2026, 3, 31))
    with override_settings(CLINICAL_REVIEW_INTERVAL_MONTHS=11):
        html = client.get("/blog/reviewed/").content.decode()
    assert "Last reviewed" in html and '<time datetime="2026-03-31">' in html
    assert "Next review due" in html and '<time datetime="2027-02-28">' in html, "a short month ends the interval"


def test_next_review_date_counts_calendar_months():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 12, 1), 12) == datetime.date(2027, 12, 1)
    assert add_months(datetime.date(2026, 3, 15), -3) == datetime.date(2025, 12, 15)


@pytest.mark.django_db
def test_editor_sees_an_overdue_review_flagged_on_the_page(client, editor, blog_index):
    old = BlogPageFactory(parent=blog_index, slug="old", last_reviewed=timezone.localdate() - datetime.timedelta(400))
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[old.pk])).content.decode()
    assert "clinical review was due on" in html


@pytest.mark.django_db
def test_reviewer_is_emailed_about_an_overdue_page_without_personal_details(reviewer, make_staff, home, blog_index):
    today = timezone.localdate()
    BlogPageFactory(
        parent=blog_index,
        slug="old",
        title="Old guide",
        last_reviewed=today - datetime.timedelta(400),
        reviewed_by=reviewer.clinician,
    )
    ServicePageFactory(parent=home, slug="never", title="Never reviewed")
    BlogPageFactory(parent=blog_index, slug="fresh", last_reviewed=today)
    make_staff("second-reviewer", "Clinical reviewers")

    call_command("send_review_reminders", stdout=open("/dev/null", "w"))

    by_subject = {message.subject: message for message in mail.outbox}
    assert set(by_subject) == {"Clinical review due: Old guide", "Clinical review due: Never reviewed"}
    assert by_subject["Clinical review due: Old guide"].to == ["reviewer@example.com"]
    assert sorted(by_subject["Clinical review due: Never reviewed"].to) == [
        "reviewer@example.com",
        "second-reviewer@example.com",
    ], "a page nobody reviewed goes to the reviewers' group"
    assert "/admin/pages/" in by_subject["Clinical review due: Old guide"].body


# --- People -----------------------------------------------------------------------------------------


def person_form(person, **extra):
    return {"name": person.name, "credentials": person.credentials, "role": person.role, "bio": "", **extra}


@pytest.mark.django_db
def test_editor_changes_a_reviewer_as_a_draft_and_the_live_record_waits(client, editor, reviewer):
    person = reviewer.clinician
    client.force_login(editor)
    url = reverse("wagtailsnippets_site_pages_person:edit", args=[person.pk])
    html = client.get(url).content.decode()
    assert 'name="action-publish"' not in html
    response = client.post(url, person_form(person, credentials="PhD"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.credentials == "MD" and person.has_unpublished_changes
    assert person.revisions.count() == 1


@pytest.mark.django_db
def test_only_a_site_administrator_links_a_login_to_a_clinician(client, editor, manager, reviewer, admin_user):
    person = reviewer.clinician
    url = reverse("wagtailsnippets_site_pages_person:edit", args=[person.pk])
    for staff in (editor, manager):
        client.force_login(staff)
        assert 'name="user"' not in client.get(url).content.decode()
        client.post(url, person_form(person, user=str(staff.pk), **{"action-publish": "action-publish"}))
        person.refresh_from_db()
        assert person.user_id == reviewer.pk, f"{staff.username} could not re-link the login"

    client.force_login(admin_user)
    assert 'name="user"' in client.get(url).content.decode()
    client.post(url, person_form(person, user=str(manager.pk), **{"action-publish": "action-publish"}))
    person.refresh_from_db()
    assert person.user_id == manager.pk
    entry = ModelLogEntry.objects.filter(object_id=str(person.pk), action="clinical_review.login_link").get()
    assert entry.user_id == admin_user.pk
    assert entry.data == {"previous_user_id": reviewer.pk, "user_id": manager.pk}


@pytest.mark.django_db
def test_site_manager_cannot_put_a_guide_live_by_copying_it(client, manager, blog_index, post):
    post.save_revision().publish()
    client.force_login(manager)
    form = {"new_title": "Copied guide", "new_slug": "copied-guide", "new_parent_page": str(blog_index.pk)}
    response = client.post(reverse("wagtailadmin_pages:copy", args=[post.pk]), {**form, "publish_copies": "on"})
    assert response.status_code == 302
    assert not Page.objects.filter(slug="copied-guide", live=True).exists(), "no live copy without review"
