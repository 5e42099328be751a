from django.urls import path, reverse
from wagtail import hooks

from .two_factor import RecoveryCodesView, SecondFactorView


@hooks.register("register_admin_urls")
def second_factor_url():
    # Same path and name as wagtail-2fa's own, registered first (this app comes earlier), so this view answers.
    return [
        path("2fa/auth", SecondFactorView.as_view(), name="wagtail_2fa_auth"),
        path("2fa/recovery-codes/", RecoveryCodesView.as_view(), name="security_recovery_codes"),
    ]


@hooks.register("register_account_menu_item")
def recovery_codes_menu_item(request):
    return {
        "url": reverse("security_recovery_codes"),
        "label": "Recovery codes",
        "help_text": "Make a new set of one-time codes for when you do not have your authenticator app.",
    }
