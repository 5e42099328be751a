"""Visitors still get pages when Redis or the database fail; production knows its public address.

Every failure here is staged on loopback by the test itself: its own redis-server on a free port, a port
nothing listens on, or a listener that accepts connections and never answers. The machine's own
PostgreSQL and Redis are never touched.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.management import call_command

from config.settings import redis_cache
from serving import redis as fail_fast
from serving.checks import site_url_is_the_public_https_origin

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_listener():
    """A server that accepts TCP connections and never says a word: a hung Redis or PostgreSQL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    yield sock.getsockname()[1]
    sock.close()


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own on a free port; yields (url, process). Stopped by its PID."""
    if not shutil.which("redis-server"):
        message = "redis-server not found: install Debian's redis-server to run the Redis outage tests"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    fail_fast.reset()
    yield f"redis://127.0.0.1:{port}/0", process
    if process.poll() is None:
        process.kill()
    process.wait()
    fail_fast.reset()


def use_redis(settings, url):
    settings.CACHES = {
        "default": redis_cache(url, "t"),
        "ratelimit": redis_cache(url, "t-rl", ignore_errors=False),
        "pages": redis_cache(url, "t-pages") | {"BACKEND": "serving.page_cache.RedisPageCache"},
    }


def timed_get(client, url):
    start = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - start


@pytest.mark.django_db
def test_visitor_gets_pages_while_redis_is_stopped(client, home, booking_page, settings, own_redis):
    url, process = own_redis
    use_redis(settings, url)
    assert client.get("/").status_code == 200
    from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

    # Redis was really in use: Wagtail keeps the site root paths there.
    assert caches["default"].get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION) is not None
    process.kill()
    process.wait()
    for path in ["/", booking_page.url, "/no-such-page/"]:
        response, seconds = timed_get(client, path)
        assert response.status_code in (200, 404), path
        assert seconds < 2, f"{path} took {seconds:.1f} s with Redis stopped"


@pytest.mark.django_db
def test_visitor_waits_one_socket_timeout_at_most_when_redis_hangs(client, booking_page, settings, silent_listener):
    fail_fast.reset()
    use_redis(settings, f"redis://127.0.0.1:{silent_listener}/0")
    response, seconds = timed_get(client, "/")
    assert response.status_code == 200
    # The first cache call waits its 0.5 s timeout; every later one skips Redis for a while. Without
    # timeouts, redis-py would wait for ever; the bounds leave room for a busy machine's rendering.
    assert 0.4 < seconds < 3, f"home page took {seconds:.1f} s with Redis hung"
    response, seconds = timed_get(client, booking_page.url)
    assert response.status_code == 200 and seconds < 3, f"booking page took {seconds:.1f} s"
    fail_fast.reset()


@pytest.mark.django_db
def test_visitor_can_book_while_redis_is_stopped(client, booking_page, settings, own_redis):
    url, process = own_redis
    use_redis(settings, url)
    process.kill()
    process.wait()
    response = client.get(booking_page.url)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()


def run_site_request(path, **env):
    """One request through the whole stack (middleware, Wagtail, error handlers) in a fresh interpreter."""
    code = (
        "import time, django; django.setup(); from django.test import Client; t = time.monotonic(); "
        f"r = Client(raise_request_exception=False).get({path!r}); "
        "print(r.status_code, r.get('Retry-After'), round(time.monotonic() - t, 1)); "
        "print(r.content.decode())"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    # The test settings: production's, less the collected static files this checkout may not have.
    clean.update(DJANGO_SETTINGS_MODULE="config.test_settings", ENV_FILE=os.devnull, **env)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    status, retry_after, seconds = result.stdout.split("\n", 1)[0].split()
    return int(status), retry_after, float(seconds), result.stdout


def test_visitor_is_asked_to_come_back_when_the_database_is_down():
    status, retry_after, seconds, html = run_site_request(
        "/", DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/clinic"
    )
    assert status == 503 and int(retry_after) > 0
    assert "Something went wrong" in html and "988" in html


def test_visitor_is_asked_to_come_back_within_seconds_when_the_database_hangs(silent_listener):
    status, retry_after, seconds, html = run_site_request(
        "/about/", DATABASE_URL=f"postgres://postgres@127.0.0.1:{silent_listener}/clinic", DB_CONNECT_TIMEOUT="1"
    )
    assert status == 503 and int(retry_after) > 0
    assert seconds < 5, f"a hung database held the request {seconds} s"


@pytest.mark.parametrize(
    ("site_url", "accepted"),
    [
        ("", False),
        ("http://clinic.example.org", False),
        ("https://localhost", False),
        ("https://127.0.0.1:8443", False),
        ("https://clinic.example.org/blog", False),
        ("https://clinic.example.org", True),
    ],
)
def test_deploy_check_insists_on_the_public_https_site_url(settings, site_url, accepted):
    settings.SITE_URL = site_url
    errors = site_url_is_the_public_https_origin(None)
    assert (not errors) is accepted, errors


@pytest.mark.django_db
def test_operator_sets_site_url_and_every_absolute_url_uses_it(client, home, settings):
    settings.SITE_URL = "https://clinic.example.org"
    call_command("migrate", verbosity=0)  # what every deploy runs; the default Site record follows SITE_URL
    page = client.get("/", HTTP_HOST="127.0.0.1")
    canonical = BeautifulSoup(page.content, "html.parser").select_one("link[rel=canonical]")["href"]
    assert canonical == "https://clinic.example.org/"
    assert "Sitemap: https://clinic.example.org/sitemap.xml" in client.get("/robots.txt").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://clinic.example.org/</loc>" in sitemap and "localhost" not in sitemap


def test_redis_outage_recovers_after_the_pause(own_redis, settings):
    url, process = own_redis
    use_redis(settings, url)
    cache = caches["default"]
    cache.set("k", "v")
    process.send_signal(signal.SIGSTOP)  # hung: accepts nothing, answers nothing
    try:
        assert cache.get("k") is None  # a miss, not an error
        assert fail_fast.redis_marked_down()
    finally:
        process.send_signal(signal.SIGCONT)
    fail_fast.reset()
    cache.close()
    assert cache.get("k") == "v"
