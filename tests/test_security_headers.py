"""Every response carries strict security headers, and stored markup never runs, whatever its route in."""

import http.client
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from site_pages.models import ClinicSettings
from tests.factories import StandardPageFactory
from tests.test_page_cache import ROOT, database_url, server_env
from tests.test_production_resilience import free_port
from tests.test_public_pages import DEMO_PAGES
from tests.test_settings import PRODUCTION_ENV, run_django

PUBLIC_PAGES = [*DEMO_PAGES, "/search/?q=ketamine", "/no-such-page/", "/sitemap.xml", "/robots.txt"]


def policy(response, header="Content-Security-Policy"):
    """The policy as {directive: [sources]}."""
    parts = (part.strip().split() for part in response[header].split(";") if part.strip())
    return {name: sources for name, *sources in parts}


@pytest.mark.django_db
def test_visitor_gets_a_strict_content_security_policy_on_every_public_page(client, demo_site):
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        csp = policy(response)
        assert csp["default-src"] == ["'none'"], url
        assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"], url
        assert csp["frame-ancestors"] == ["'none'"] and csp["base-uri"] == ["'none'"], url
        assert csp["form-action"] == ["'self'"], url
        assert (
            "unsafe" not in response["Content-Security-Policy"] and "nonce-" not in response["Content-Security-Policy"]
        )


@pytest.mark.django_db
def test_visitor_browser_is_denied_features_the_site_never_uses(client, demo_site):
    for url in ["/", "/blog/is-ketamine-therapy-right-for-me/", "/book-a-consultation/", "/no-such-page/"]:
        response = client.get(url)
        features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
        for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
            assert features[feature] == "()", (url, feature)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_editor_admin_gets_the_policy_wagtail_needs_and_preview_frames_the_public_policy(admin_client, home):
    admin = policy(admin_client.get("/admin/"))
    assert "'unsafe-inline'" in admin["script-src"] and admin["frame-ancestors"] == ["'self'"]
    assert admin["object-src"] == ["'none'"]
    preview = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[home.pk]))
    assert preview.status_code == 200
    csp = policy(preview)
    assert csp["script-src"] == ["'self'"] and csp["frame-ancestors"] == ["'self'"]


def test_operator_rolls_the_policy_out_as_report_only_first():
    code = (
        "from django.conf import settings as s; import json; print(json.dumps("
        "[s.CONTENT_SECURITY_POLICY, s.CONTENT_SECURITY_POLICY_REPORT_ONLY]))"
    )
    enforced, report_only = json.loads(run_django(code, **PRODUCTION_ENV).stdout)
    assert enforced["DIRECTIVES"]["default-src"] == ["'none'"] and report_only is None
    result = run_django(code, **PRODUCTION_ENV, CSP_REPORT_ONLY="1", CSP_REPORT_URI="/csp-reports/")
    enforced, report_only = json.loads(result.stdout)
    assert enforced is None
    assert report_only["DIRECTIVES"]["report-uri"] == ["/csp-reports/"]


def test_hsts_commits_subdomains_and_preload_only_when_the_operator_opts_in():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    assert run_django(code, **PRODUCTION_ENV).stdout.split() == ["31536000", "False", "False"]
    opted_in = run_django(code, **PRODUCTION_ENV, SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1")
    assert opted_in.stdout.split() == ["31536000", "True", "True"]


PLANTED = (
    '<p>Read this<script>alert("x")</script></p>'
    '<p><img src="x" onerror="alert(1)"><a href="javascript:alert(2)">click</a>'
    '<a href="/about/" onclick="alert(3)" style="color:red">about</a></p><iframe src="https://evil.example/"></iframe>'
)


def assert_nothing_runs(html):
    soup = BeautifulSoup(html, "html.parser")
    assert not [s for s in soup.find_all("script") if not s.get("src") and s.get("type") != "application/ld+json"]
    assert not soup.find_all(["iframe", "object", "embed"]) and not soup.select("[style]")
    for element in soup.find_all(True):
        assert not [name for name in element.attrs if name.startswith("on")], element
    assert not [a for a in soup.find_all("a") if a.get("href", "").strip().lower().startswith("javascript:")]


@pytest.mark.django_db
def test_visitor_is_safe_from_markup_planted_in_the_database(client, home):
    # Saved through the ORM, as an import, a script or a fixture would: the editor's own cleaning never runs.
    page = StandardPageFactory(parent=home, slug="planted")
    page.body = [("section", {"heading": "Planted", "body": PLANTED})]
    page.save()
    clinic = ClinicSettings.for_site(home.get_site())
    clinic.medical_disclaimer = PLANTED
    clinic.save()
    html = client.get(page.url).content.decode()
    assert html.count("Read this") == 2 and 'href="/about/"' in html and "click</a>" in html
    assert_nothing_runs(html)


@pytest.mark.django_db
def test_visitor_is_not_told_the_app_server_software(tmp_path):
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    server = subprocess.Popen(
        [gunicorn, "-c", "deploy/gunicorn.conf.py", "--workers", "1", "--bind", f"127.0.0.1:{port}", "config.wsgi"],
        cwd=ROOT,
        env=server_env(database_url(), ""),
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )
    try:
        deadline = time.monotonic() + 60  # a loaded CI machine starts Django slowly
        while True:
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/", headers={"Host": "127.0.0.1"})
                response = connection.getresponse()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert response.getheader("Server") == "web", response.getheaders()
        assert "gunicorn" not in str(response.getheaders()).lower()
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        server.wait(30)


@pytest.mark.django_db
def test_operator_turns_report_only_on_and_pages_send_the_policy_as_report_only(client, home, settings):
    enforced = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY, settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = None, enforced
    response = client.get(home.url)
    assert "Content-Security-Policy" not in response
    assert policy(response, "Content-Security-Policy-Report-Only")["default-src"] == ["'none'"]
    settings.CONTENT_SECURITY_POLICY, settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = enforced, None
    response = client.get(home.url)
    assert "Content-Security-Policy-Report-Only" not in response and policy(response)["default-src"] == ["'none'"]
