"""Create the staff groups and review workflows the admin promises.

- Marketing editors: create and edit pages, images, documents and people; submit for review; publish nothing.
- Clinical reviewers: approve or reject in the "Clinical review" task. They hold the publish permission
  because an approved workflow publishes the page as the approving user.
- Site managers: everything but users, groups, sites and workflows; they approve non-medical pages.
Wagtail's stock "Editors" and "Moderators" groups are removed so nobody else reaches the admin, and the
stock root workflow becomes "Site manager approval".
"""

from django.db import migrations

PAGE_EDIT = ["add_page", "change_page", "lock_page", "unlock_page"]
PAGE_ALL = [*PAGE_EDIT, "publish_page", "bulk_delete_page"]
MEDIA_EDIT = ["add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"]
MEDIA_ALL = [*MEDIA_EDIT, "delete_image", "delete_document"]

GROUPS = {
    "Marketing editors": {
        "pages": PAGE_EDIT,
        "media": MEDIA_EDIT,
        "model": [("site_pages", "person", ["add", "change"])],
    },
    "Clinical reviewers": {"pages": ["publish_page"], "media": ["choose_image", "choose_document"], "model": []},
    "Site managers": {
        "pages": PAGE_ALL,
        "media": MEDIA_ALL,
        "model": [
            ("site_pages", "person", ["add", "change", "delete"]),
            ("site_pages", "clinicsettings", ["change"]),
            ("site_pages", "navigationsettings", ["change"]),
            ("site_pages", "sitenotice", ["change"]),
            ("wagtailredirects", "redirect", ["add", "change", "delete"]),
        ],
    },
}


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ").capitalize()}
    )
    return perm


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    access_admin = permission(apps, "wagtailadmin", "admin", "access_admin")
    groups = {}
    for name, spec in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(access_admin)
        for codename in spec["pages"]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission(apps, "wagtailcore", "page", codename)
            )
        for codename in spec["media"]:
            model = codename.split("_", 1)[1]
            app_label = "wagtailimages" if model == "image" else "wagtaildocs"
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission(apps, app_label, model, codename)
            )
        for app_label, model, actions in spec["model"]:
            for action in actions:
                group.permissions.add(permission(apps, app_label, model, f"{action}_{model}"))
    return groups


def create_workflows(apps, groups):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ClinicalReviewTask = apps.get_model("site_pages", "ClinicalReviewTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="site_pages", model="clinicalreviewtask")
    task, _ = ClinicalReviewTask.objects.get_or_create(
        name="Clinical review", defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([groups["Clinical reviewers"]])
    workflow, _ = Workflow.objects.get_or_create(name="Clinical review", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for model in ["blogindexpage", "servicepage"]:
        content_type = ContentType.objects.filter(app_label="blog" if model == "blogindexpage" else "site_pages", model=model)
        for page_id in apps.get_model("wagtailcore", "Page").objects.filter(content_type__in=content_type).values_list(
            "pk", flat=True
        ):
            WorkflowPage.objects.get_or_create(page_id=page_id, defaults={"workflow": workflow})

    # Wagtail's stock workflow on the root page now goes to site managers instead of "Moderators".
    for stock_task in GroupApprovalTask.objects.filter(name="Moderators approval"):
        stock_task.name = "Site manager approval"
        stock_task.save(update_fields=["name"])
        stock_task.groups.set([groups["Site managers"]])
    Workflow.objects.filter(name="Moderators approval").update(name="Site manager approval")


def forwards(apps, schema_editor):
    groups = create_groups(apps, schema_editor)
    create_workflows(apps, groups)
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("site_pages", "0004_clinical_review_task"),
        ("blog", "0002_clinical_review"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
