"""Deploy checks for settings whose mistakes only show in production."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def email_reaches_people(app_configs, **kwargs):
    """The console backend writes working password-reset links into the server log; locmem sends nothing."""
    errors = []
    if not settings.DEBUG and settings.EMAIL_BACKEND in settings.DEVELOPMENT_EMAIL_BACKENDS:
        errors.append(
            checks.Error(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which delivers no email to anyone.",
                hint="Set EMAIL_URL (e.g. submission://user:password@smtp.example.com:587) or EMAIL_HOST and the rest.",
                id="security.E001",
            )
        )
    if settings.EMAIL_TIMEOUT is None or settings.EMAIL_TIMEOUT > 10:
        errors.append(
            checks.Error(
                "EMAIL_TIMEOUT must be at most 10 seconds, so a hung mail relay cannot hold a worker.",
                id="security.E002",
            )
        )
    return errors
