"""Give a staff member fresh recovery codes for the admin's second factor; the old ones stop working.

Each code signs in once in place of the authenticator app's code (wagtail-2fa accepts any of the
user's django-otp devices). Give them after the user has set up their authenticator app.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

DEVICE_NAME = "Recovery codes"


class Command(BaseCommand):
    help = "Replace a user's recovery codes for two-factor sign-in and print the new ones."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--count", type=int, default=10)

    @transaction.atomic
    def handle(self, username, count, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        StaticDevice.objects.filter(user=user, name=DEVICE_NAME).delete()
        device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(count)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        self.stdout.write(f"Recovery codes for {username} (each works once; earlier codes no longer work):")
        for code in codes:
            self.stdout.write(f"  {code}")
