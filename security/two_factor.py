"""The admin's second-factor step: wagtail-2fa's view, with the device chosen from the code typed.

django-otp 1.7 no longer tries every device of a user (that throttled devices never used), and wagtail-2fa
1.8's form names none, so every code was refused. A six-digit code is the authenticator app's, anything
else one of the user's recovery codes (`manage.py recovery_codes`).
"""

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail_2fa.forms import TokenForm
from wagtail_2fa.views import LoginView


class CodeForm(TokenForm):
    def _chosen_device(self, user):
        token = (self.cleaned_data.get("otp_token") or "").strip()
        model = TOTPDevice if len(token) == 6 and token.isdigit() else StaticDevice
        return model.objects.devices_for_user(user, confirmed=True).first()


class SecondFactorView(LoginView):
    form_class = CodeForm
