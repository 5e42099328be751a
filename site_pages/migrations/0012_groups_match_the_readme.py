"""Give each staff group what the README's table promises, and nothing more.

- Site managers also manage topics, promoted search results and Settings > SEO (the default social image),
  and publish people: People keep drafts now, so a marketing editor's change to a clinician's record
  waits for a site manager.
- Clinical reviewers lose the page publish permission: their approval in the "Clinical review" task
  publishes the page (see clinical_review.workflows), so they need no Publish button of their own, and
  with it they could put any non-medical page live without review.
"""

from django.db import migrations

SITE_MANAGER_MODEL_PERMISSIONS = [
    ("site_pages", "person", ["publish"]),
    ("blog", "topic", ["add", "change", "delete"]),
    ("wagtailsearchpromotions", "query", ["add", "change", "delete"]),
    ("wagtailsearchpromotions", "searchpromotion", ["add", "change", "delete"]),
    ("wagtailseo", "seosettings", ["change"]),
]


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ").capitalize()}
    )
    return perm


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    managers = Group.objects.filter(name="Site managers").first()
    if managers:
        for app_label, model, actions in SITE_MANAGER_MODEL_PERMISSIONS:
            for action in actions:
                managers.permissions.add(permission(apps, app_label, model, f"{action}_{model}"))
    GroupPagePermission.objects.filter(
        group__name="Clinical reviewers", permission__codename="publish_page", permission__content_type__app_label="wagtailcore"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("site_pages", "0011_settings_validation_person_drafts"),
        ("site_pages", "0005_editorial_groups_and_workflows"),
        ("blog", "0006_topics_crisis_support_hero_images"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtailseo", "0004_seosettings_og_image_default"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
