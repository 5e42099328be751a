"""Recovery codes kept as digests: a django-otp device like its static one, which keeps no code as typed.

django-otp's StaticToken stores each code as typed, so a copy of the database would sign anyone in. This
device (django-otp's documented way to add one: a Device subclass with its own verify_token) stores the
SHA-256 of each code. Codes are 80 random bits, so a digest cannot be reversed by trying codes.
"""

import hashlib
import secrets
from base64 import b32encode

from django.conf import settings
from django.db import models, transaction
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


def new_recovery_code():
    """Sixteen letters and digits in four groups, e.g. `k3qd-7xwa-m2pz-ty5e`."""
    raw = b32encode(secrets.token_bytes(10)).decode().lower()
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def code_digest(code):
    """The digest of a code as the user may type it: any case, with or without dashes and spaces."""
    typed = "".join(str(code).split()).replace("-", "").lower()
    return hashlib.sha256(typed.encode()).hexdigest()


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A staff member's recovery codes for the admin's second factor: each signs in once."""

    class Meta:
        verbose_name = "recovery code set"

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    @transaction.atomic
    def verify_token(self, token):
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        used = self.codes.select_for_update().filter(digest=code_digest(token)).first()
        if used is None:
            self.throttle_increment()
            return False
        used.delete()  # once only
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, related_name="codes", on_delete=models.CASCADE)
    digest = models.CharField(max_length=64, db_index=True)

    def __str__(self):
        return "Recovery code"  # never the digest: nothing about the code itself
