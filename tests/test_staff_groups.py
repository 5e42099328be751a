"""Each staff group can do what the README's table says, and no more: tested one group at a time."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

SETTINGS_URLS = {
    "clinic settings": ("wagtailsettings:edit", ["site_pages", "clinicsettings"]),
    "navigation": ("wagtailsettings:edit", ["site_pages", "navigationsettings"]),
    "site notice": ("wagtailsettings:edit", ["site_pages", "sitenotice"]),
    "SEO defaults": ("wagtailsettings:edit", ["wagtailseo", "seosettings"]),
}
SITE_MANAGER_ONLY = {
    **SETTINGS_URLS,
    "topics": ("wagtailsnippets_blog_topic:add", []),
    "promoted search results": ("wagtailsearchpromotions:add", []),
    "redirects": ("wagtailredirects:add", []),
}
SUPERUSERS_ONLY = {
    "users": ("wagtailusers_users:index", []),
    "groups": ("wagtailusers_groups:index", []),
    "sites": ("wagtailsites:index", []),
    "workflows": ("wagtailadmin_workflows:index", []),
    "workflow tasks": ("wagtailadmin_workflows:task_index", []),
}
EVERY_STAFF_GROUP = ["Marketing editors", "Clinical reviewers", "Site managers"]


@pytest.fixture
def login_as(client, django_user_model):
    def login(group_name):
        user = django_user_model.objects.create_user(group_name.split()[0].lower(), "staff@example.com", "password")
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return user

    return login


def opens(client, name, args):
    """Whether the signed-in person gets the screen, rather than Wagtail's redirect to the dashboard or a 403.

    Settings redirect to the current site's form first, so redirects are followed.
    """
    url = reverse(name, args=args)
    response = client.get(url, follow=True)
    landed_on = response.request["PATH_INFO"]
    return response.status_code == 200 and (landed_on == url or landed_on != reverse("wagtailadmin_home"))


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", EVERY_STAFF_GROUP)
def test_nobody_but_superusers_manages_users_groups_sites_and_workflows(client, home, login_as, group_name):
    login_as(group_name)
    for label, (name, args) in SUPERUSERS_ONLY.items():
        assert not opens(client, name, args), f"{group_name} opened {label}"


@pytest.mark.django_db
def test_site_manager_manages_settings_topics_promoted_results_seo_and_redirects(client, home, login_as):
    login_as("Site managers")
    for label, (name, args) in SITE_MANAGER_ONLY.items():
        assert opens(client, name, args), f"a site manager could not open {label}"


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", ["Marketing editors", "Clinical reviewers"])
def test_editors_and_reviewers_leave_settings_topics_and_redirects_alone(client, home, login_as, group_name):
    login_as(group_name)
    for label, (name, args) in SITE_MANAGER_ONLY.items():
        assert not opens(client, name, args), f"{group_name} opened {label}"


@pytest.mark.django_db
def test_marketing_editor_edits_pages_media_and_people_but_publishes_nothing(client, home, login_as):
    user = login_as("Marketing editors")
    assert opens(client, "wagtailadmin_pages:edit", [home.pk])
    assert opens(client, "wagtailimages:add_multiple", [])
    assert opens(client, "wagtaildocs:add_multiple", [])
    assert opens(client, "wagtailsnippets_site_pages_person:add", [])
    assert not home.permissions_for_user(user).can_publish()
    assert not user.has_perm("site_pages.publish_person")


@pytest.mark.django_db
def test_clinical_reviewer_reviews_but_edits_and_publishes_nothing_directly(client, home, login_as):
    user = login_as("Clinical reviewers")
    assert opens(client, "wagtailadmin_home", [])
    assert not opens(client, "wagtailadmin_pages:edit", [home.pk])
    assert not home.permissions_for_user(user).can_publish()
    assert not opens(client, "wagtailsnippets_site_pages_person:add", [])


@pytest.mark.django_db
def test_site_manager_publishes_people(login_as, home):
    assert login_as("Site managers").has_perm("site_pages.publish_person")
