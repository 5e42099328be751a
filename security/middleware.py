"""Response headers and request guards that every response passes through, error pages included."""

from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy, default_config
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import render

# What a view or decorator may set on a response to change its policy (django-csp's csp_update & co.).
POLICY_CHANGES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")


@cache
def site_policy(report_only):
    """The policy from settings, built once per process: django-csp builds it again for every response.

    None when that setting excludes paths (EXCLUDE_URL_PREFIXES): django-csp then decides per request.
    """
    setting = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
    if (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES"):
        return None
    return build_policy(report_only=report_only)


@receiver(setting_changed)
def _forget_site_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with one strict policy for the public site and a looser one for the admin.

    Public pages carry no inline script or style and load nothing from elsewhere, so their policy needs
    neither `unsafe-inline` nor nonces (a nonce would be baked into full-page-cached HTML). Wagtail's
    admin still uses inline styles and scripts, so its paths get ADMIN_CONTENT_SECURITY_POLICY.

    A preview runs its own request through the middleware (Wagtail's `make_preview_request`), so it
    gets the public policy, only allowed to be framed by the admin's preview panel.
    """

    def process_response(self, request, response):
        if not self._sends_site_policy(request, response):
            return super().process_response(request, response)
        for header, report_only, exempt in (
            (HEADER, False, "_csp_exempt"),
            (HEADER_REPORT_ONLY, True, "_csp_exempt_ro"),
        ):
            policy = site_policy(report_only)
            if policy and header not in response and not getattr(response, exempt, False):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _sends_site_policy(self, request, response):
        """True when django-csp would send the policy from settings unchanged: most public responses."""
        return not (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or getattr(request, "is_preview", False)
            or request.path_info.startswith(settings.ADMIN_PATH_PREFIX)
            or any(hasattr(response, name) for name in POLICY_CHANGES)
            or site_policy(False) is None
            or site_policy(True) is None
        )

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        setting = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
        in_use = getattr(settings, setting, None)
        if parts.config is None and in_use and request.path_info.startswith(settings.ADMIN_PATH_PREFIX):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY)
        if getattr(request, "is_preview", False):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts


# Charsets Django decodes form bodies in safely; any other (utf-16, latin-1...) made Django's own error
# views fail decoding request.POST again, answering a bare 500 with a traceback in the log.
FORM_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}


class FormCharsetMiddleware:
    """A form POST that declares another charset than UTF-8 gets the designed 400 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            charset = (request.content_params or {}).get("charset")
            if charset and charset.strip().lower() not in FORM_CHARSETS:
                return render(request, "400.html", status=400)
        return self.get_response(request)
