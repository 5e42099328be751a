"""The admin's second factor: wagtail-2fa's sign-in step, and recovery codes staff make for themselves.

django-otp 1.7 no longer tries every device of a user (that throttled devices never used), and wagtail-2fa
1.8's form names none, so every code was refused. A six-digit code is the authenticator app's, anything
else one of the user's recovery codes.

Recovery codes are one set per user (security.models.RecoveryCodeDevice, kept as digests): making a new
set (the account page's "Recovery codes", or `manage.py recovery_codes`) deletes the old one.
"""

import logging

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail_2fa.forms import TokenForm
from wagtail_2fa.views import LoginView

from .models import RecoveryCode, RecoveryCodeDevice, code_digest, new_recovery_code

logger = logging.getLogger(__name__)
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10


@transaction.atomic
def replace_recovery_codes(user, count=RECOVERY_CODE_COUNT):
    """Give the user a new set of recovery codes and return them; every earlier code stops working."""
    RecoveryCodeDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()  # codes made before they were kept as digests
    device = RecoveryCodeDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [new_recovery_code() for _ in range(count)]
    RecoveryCode.objects.bulk_create(RecoveryCode(device=device, digest=code_digest(code)) for code in codes)
    logger.info("Recovery codes replaced for user %s", user.pk)
    return codes


class CodeForm(TokenForm):
    def _chosen_device(self, user):
        token = (self.cleaned_data.get("otp_token") or "").strip()
        model = TOTPDevice if len(token) == 6 and token.isdigit() else RecoveryCodeDevice
        return model.objects.devices_for_user(user, confirmed=True).first()


class SecondFactorView(LoginView):
    form_class = CodeForm


class AppCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The six digits your app shows now.",
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        # verify_token counts failures and makes a guesser wait longer each time (django-otp throttling).
        devices = TOTPDevice.objects.devices_for_user(self.user, confirmed=True)
        if not any(device.verify_token(code) for device in devices):
            raise ValidationError("That code is not right or has expired. Enter the code your app shows now.")
        return code


@method_decorator(sensitive_post_parameters("code"), name="dispatch")
@method_decorator(never_cache, name="dispatch")  # the codes are shown once: never kept by a browser or proxy
class RecoveryCodesView(FormView):
    """Staff make a new set of recovery codes, after their password, their second factor and a fresh code."""

    template_name = "security/recovery_codes.html"
    form_class = AppCodeForm

    def dispatch(self, request, *args, **kwargs):
        self.has_app = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists()
        if self.has_app and not request.user.is_verified():
            return redirect_to_login(request.get_full_path(), login_url=reverse("wagtail_2fa_auth"))
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.has_app:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(has_app=self.has_app, count=RECOVERY_CODE_COUNT, **kwargs)

    def form_valid(self, form):
        codes = replace_recovery_codes(self.request.user)
        return self.render_to_response(self.get_context_data(form=None, codes=codes))
