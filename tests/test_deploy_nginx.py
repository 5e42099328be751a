"""deploy/nginx/clinic.conf, run by Debian's nginx on free loopback ports in front of a live server."""

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.test_production_resilience import free_port

CONF = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "clinic.conf"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def nginx(tmp_path, live_server):
    """nginx with the deploy configuration in front of the live server."""
    with start_nginx(tmp_path, live_server.url.rsplit(":", 1)[1]) as base:
        yield base


@contextmanager
def start_nginx(tmp_path, app_port):
    """nginx with the deploy configuration: the checkout's paths moved under tmp_path, ports made free."""
    tmp_path.mkdir(exist_ok=True)
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary):
        message = "nginx not found: install Debian's nginx package to test deploy/nginx/clinic.conf"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    site = CONF.read_text()
    for deployed, here in [
        ("/srv/clinic/", f"{tmp_path}/"),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
    ]:
        assert deployed in site, deployed
        site = site.replace(deployed, here)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"user root;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ include /etc/nginx/mime.types; access_log off; client_body_temp_path {tmp_path}/body;"
        f" proxy_temp_path {tmp_path}/proxy; include {tmp_path}/site.conf; }}\n"
    )
    for folder in ["staticfiles/css", "media/images", "media/original_images", "media/documents"]:
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "staticfiles/css/site.0123456789ab.css").write_text("body{}")
    (tmp_path / "staticfiles/css/site.css").write_text("body{}")
    for name in ["images/photo.width-800.png", "original_images/photo.png", "documents/report.pdf"]:
        (tmp_path / "media" / name).write_bytes(PNG)
    process = subprocess.Popen([binary, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"])
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/static/css/site.css", timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(10)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_serves_static_media_and_pages_and_hides_originals(nginx, home):
    status, headers, _ = get(nginx + "/static/css/site.0123456789ab.css")
    assert status == 200 and "immutable" in headers["Cache-Control"]
    status, headers, _ = get(nginx + "/static/css/site.css")
    assert status == 200 and "immutable" not in headers["Cache-Control"]

    status, headers, body = get(nginx + "/media/images/photo.width-800.png")
    assert status == 200 and body == PNG and headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff" and "sandbox" in headers["Content-Security-Policy"]
    assert set(headers["Cache-Control"].split(", ")) == {"public", "max-age=2592000", "immutable"}

    for hidden in ["/media/original_images/photo.png", "/media/documents/report.pdf"]:
        assert get(nginx + hidden)[0] == 404, hidden

    status, headers, body = get(nginx + "/")
    assert status == 200 and b"<main" in body  # proxied to the app
