"""Make sure someone can log in to /admin/ on a fresh install, without a default password in the repo."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a superuser with a random password if none exists, and print its login once."

    def handle(self, *args, **options):
        User = get_user_model()
        existing = User.objects.filter(is_superuser=True).order_by("pk").first()
        if existing:
            self.stdout.write(
                f"Admin login exists: user '{existing.get_username()}' at /admin/. "
                f"Forgot the password? Run: .venv/bin/python manage.py changepassword {existing.get_username()}"
            )
            return
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=f"{username}@example.com", password=password)
        banner = "=" * 64
        self.stdout.write(
            f"{banner}\nAdmin login created (shown only this once; keep it somewhere safe):\n"
            f"  URL:      {settings.WAGTAILADMIN_BASE_URL}/admin/\n"
            f"  Username: {username}\n  Password: {password}\n{banner}"
        )
