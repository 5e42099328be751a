"""Give a staff member fresh recovery codes for the admin's second factor; the old ones stop working.

Each code signs in once in place of the authenticator app's code. Give them after the user has set up
their authenticator app. Staff can make their own from the admin (account menu > "Recovery codes").
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from security.two_factor import RECOVERY_CODE_COUNT, replace_recovery_codes


class Command(BaseCommand):
    help = "Replace a user's recovery codes for two-factor sign-in and print the new ones."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--count", type=int, default=RECOVERY_CODE_COUNT)

    def handle(self, username, count, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        codes = replace_recovery_codes(user, count)
        self.stdout.write(f"Recovery codes for {username} (each works once; earlier codes no longer work):")
        for code in codes:
            self.stdout.write(f"  {code}")
