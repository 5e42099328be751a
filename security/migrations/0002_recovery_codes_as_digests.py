"""Recovery codes made before they were kept as digests move to RecoveryCodeDevice, hashed, and are deleted."""

from django.db import migrations


def hash_static_tokens(apps, schema_editor):
    from security.models import code_digest

    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    RecoveryCodeDevice = apps.get_model("security", "RecoveryCodeDevice")
    RecoveryCode = apps.get_model("security", "RecoveryCode")
    for old in StaticDevice.objects.all():
        device = RecoveryCodeDevice.objects.create(user_id=old.user_id, name=old.name, confirmed=old.confirmed)
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=device, digest=code_digest(token))
            for token in old.token_set.values_list("token", flat=True)
        )
        old.delete()


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial"), ("otp_static", "0003_add_timestamps")]

    operations = [migrations.RunPython(hash_static_tokens, migrations.RunPython.noop)]
