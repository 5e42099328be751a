from django.urls import path
from wagtail import hooks

from .two_factor import SecondFactorView


@hooks.register("register_admin_urls")
def second_factor_url():
    # Same path and name as wagtail-2fa's own, registered first (this app comes earlier), so this view answers.
    return [path("2fa/auth", SecondFactorView.as_view(), name="wagtail_2fa_auth")]
