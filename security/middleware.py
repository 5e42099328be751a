"""Response headers and request guards that every response passes through, error pages included."""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.shortcuts import render


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with one strict policy for the public site and a looser one for the admin.

    Public pages carry no inline script or style and load nothing from elsewhere, so their policy needs
    neither `unsafe-inline` nor nonces (a nonce would be baked into full-page-cached HTML). Wagtail's
    admin still uses inline styles and scripts, so its paths get ADMIN_CONTENT_SECURITY_POLICY.

    A preview runs its own request through the middleware (Wagtail's `make_preview_request`), so it
    gets the public policy, only allowed to be framed by the admin's preview panel.
    """

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
