"""The "Front desk" group: the only staff (besides superusers) who read, export and delete consultation requests."""

from django.db import migrations

GROUP = "Front desk"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("booking", "bookingsubmission", "view_bookingsubmission", "Can view consultation request"),
    ("booking", "bookingsubmission", "delete_bookingsubmission", "Can delete consultation request"),
]


def create_front_desk(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model, codename, name in PERMISSIONS:
        # Django creates model permissions only after all migrations ran, so create them here if needed.
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def remove_front_desk(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0001_booking_page_and_requests"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_front_desk, remove_front_desk)]
