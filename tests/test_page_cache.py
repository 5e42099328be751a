"""Anonymous visitors get pages from the full-page cache; nobody ever gets a stale or someone else's page."""

import contextlib
import gzip
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import PageViewRestriction
from wagtail_factories import DocumentFactory

from site_pages.models import ClinicSettings
from tests.factories import BlogPageFactory, StandardPageFactory, TopicFactory
from tests.test_production_resilience import free_port, own_redis, silent_listener, use_redis  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def page_cache(settings):
    settings.WAGTAIL_CACHE = True


@pytest.fixture
def about(home):
    return StandardPageFactory(parent=home, slug="about", title="About us")


@pytest.mark.django_db
def test_visitor_gets_the_second_view_from_the_cache_with_cdn_headers(client, page_cache, about):
    first = client.get(about.url)
    assert first["X-Wagtail-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(about.url)
    assert second["X-Wagtail-Cache"] == "hit" and len(queries) == 0
    assert second.content == first.content
    cache_control = second["Cache-Control"]
    assert "public" in cache_control and "max-age=0" in cache_control
    assert "s-maxage=" in cache_control and "stale-while-revalidate=" in cache_control
    assert not second.cookies


@pytest.mark.django_db
def test_visitor_revalidating_a_page_gets_304(client, page_cache, about):
    etag = client.get(about.url)["ETag"]
    assert etag
    assert client.get(about.url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(about.url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


@pytest.mark.django_db
def test_visitor_gets_compressed_html(client, page_cache, about):
    for attempt in ("miss", "hit"):
        response = client.get(about.url, HTTP_ACCEPT_ENCODING="gzip, br")
        assert response["X-Wagtail-Cache"] == attempt
        assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
        assert "About us" in gzip.decompress(response.content).decode()
    plain = client.get(about.url)
    assert "Content-Encoding" not in plain and "About us" in plain.content.decode()


@pytest.mark.django_db
def test_two_visitors_of_the_booking_form_never_share_a_csrf_token(client, page_cache, booking_page):
    from django.test import Client

    responses = [Client().get(booking_page.url, HTTP_ACCEPT_ENCODING="gzip") for _ in range(2)]
    tokens = [r.cookies["csrftoken"].value for r in responses]
    assert tokens[0] != tokens[1]
    for response in responses:
        assert response["X-Wagtail-Cache"] == "skip"
        assert response["Cache-Control"] == "private, no-cache"
        # BREACH: a page carrying a secret token is never compressed.
        assert "Content-Encoding" not in response
    # The same visitor coming back (cookie sent) is not served a stored copy either.
    assert client.get(booking_page.url)["X-Wagtail-Cache"] == "skip"
    assert client.get(booking_page.url)["X-Wagtail-Cache"] == "skip"


@pytest.mark.django_db
def test_logged_in_editor_never_gets_a_cached_page(admin_client, page_cache, about):
    from django.test import Client

    Client().get(about.url)  # an anonymous visitor fills the cache
    response = admin_client.get(about.url)
    assert response["X-Wagtail-Cache"] == "skip"


@pytest.mark.django_db
def test_editor_signed_in_first_never_leaves_their_page_for_visitors(admin_client, page_cache, about):
    from django.test import Client

    editors = admin_client.get(about.url)  # the cache is empty: the editor's view would be the first kept
    assert editors["X-Wagtail-Cache"] == "skip" and b"wagtail-userbar" in editors.content
    visitors = Client().get(about.url)
    assert visitors["X-Wagtail-Cache"] == "miss" and b"wagtail-userbar" not in visitors.content


@pytest.mark.django_db
def test_editor_previews_a_draft_and_visitors_still_get_the_live_page(client, page_cache, about):
    host = urlsplit(about.full_url).netloc  # the address Wagtail's preview request is made for
    assert client.get(about.url, HTTP_HOST=host)["X-Wagtail-Cache"] == "miss"
    about.title = "A draft title"
    # Wagtail's own preview request: no cookies, marked is_dummy before the middleware runs.
    preview = about.make_preview_request()
    assert b"A draft title" in preview.content and preview.get("X-Wagtail-Cache") != "hit"
    live = client.get(about.url, HTTP_HOST=host)
    assert live["X-Wagtail-Cache"] == "hit"
    assert b"A draft title" not in live.content and b"About us" in live.content


@pytest.mark.django_db
def test_visitor_with_a_cookie_of_their_own_still_gets_the_kept_page(client, page_cache, about):
    client.get(about.url)
    client.cookies["colour-scheme"] = "dark"  # not Django's: wagtail-cache ignores it
    assert client.get(about.url)["X-Wagtail-Cache"] == "hit"


@pytest.mark.django_db
def test_a_kept_page_carries_every_security_header_of_the_first_view(client, page_cache, about):
    first, second = client.get(about.url), client.get(about.url)
    assert (first["X-Wagtail-Cache"], second["X-Wagtail-Cache"]) == ("miss", "hit")
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "ETag",
        "Vary",
        "Cache-Control",
    ):
        assert second[header] == first[header], header


@pytest.mark.django_db
def test_request_for_another_host_gets_400_and_no_cache_error_in_the_log(client, page_cache, about, caplog):
    response = client.get(about.url, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert [record.name for record in caplog.records if record.levelno >= logging.ERROR] == [
        "django.security.DisallowedHost"
    ]


@pytest.mark.django_db
def test_editor_adds_a_redirect_for_a_kept_404_and_the_next_visitor_follows_it(
    client, page_cache, about, django_capture_on_commit_callbacks
):
    from wagtail.contrib.redirects.models import Redirect

    for attempt in ("miss", "hit"):  # a kept 404: served before Wagtail's redirects middleware would run
        response = client.get("/old-about/")
        assert (response.status_code, response["X-Wagtail-Cache"]) == (404, attempt)
    with django_capture_on_commit_callbacks(execute=True):
        Redirect.objects.create(old_path="/old-about", redirect_page=about)
    response = client.get("/old-about/")
    assert response.status_code == 301 and response["Location"].endswith(about.url)


@pytest.mark.django_db
def test_search_results_are_not_cached(client, page_cache, home):
    assert client.get("/search/?q=ketamine")["X-Wagtail-Cache"] == "skip"


@pytest.mark.django_db
def test_editor_publishes_and_the_next_visitor_sees_it(client, page_cache, about, django_capture_on_commit_callbacks):
    assert "About us" in client.get(about.url).content.decode()
    assert client.get(about.url)["X-Wagtail-Cache"] == "hit"
    about.title = "About the clinic"
    about.save_revision()  # a draft: visitors still get the live page, from the cache
    assert client.get(about.url)["X-Wagtail-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        about.get_latest_revision().publish()
    response = client.get(about.url)
    assert response["X-Wagtail-Cache"] == "miss" and "About the clinic" in response.content.decode()


@pytest.mark.django_db
def test_editor_unpublishes_moves_and_deletes_and_visitors_see_it(
    client, page_cache, home, about, django_capture_on_commit_callbacks
):
    team = StandardPageFactory(parent=about, slug="team", title="Our team")
    assert client.get("/about/team/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        team.move(home, pos="last-child")
    assert client.get("/about/team/").status_code in (301, 404)
    assert client.get("/team/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        team.unpublish()
    assert client.get("/team/").status_code == 404
    assert client.get(about.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        about.delete()
    assert client.get("/about/").status_code == 404


@pytest.mark.django_db
def test_staff_edit_clinic_settings_and_every_page_shows_it(
    client, page_cache, home, django_capture_on_commit_callbacks
):
    assert "(204) 555-0123" in client.get("/").content.decode()
    settings_row = ClinicSettings.for_site(home.get_site())
    with django_capture_on_commit_callbacks(execute=True):
        settings_row.phone = "(204) 555-0199"
        settings_row.save()
    response = client.get("/")
    assert response["X-Wagtail-Cache"] == "miss" and "(204) 555-0199" in response.content.decode()


@pytest.mark.django_db
def test_editor_makes_a_page_private_and_visitors_no_longer_get_it(
    client, page_cache, home, about, django_capture_on_commit_callbacks
):
    other = StandardPageFactory(parent=home, slug="team", title="Our team")
    assert client.get(about.url).status_code == 200
    assert client.get(other.url).status_code == 200  # "no page is private" is now in the page cache
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(about.url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(other.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        about.view_restrictions.all().delete()
    assert client.get(about.url).status_code == 200


class RecordingBackend(BaseBackend):
    """A CDN that writes down what it is asked to forget."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


@pytest.fixture
def cdn(settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "tests.test_page_cache.RecordingBackend"}}
    RecordingBackend.purged = []
    return RecordingBackend.purged


@pytest.mark.django_db
def test_editor_publishes_a_post_and_the_cdn_forgets_every_page_that_lists_it(cdn, home, blog_index):
    topic = TopicFactory(slug="anxiety")
    for n in range(10):
        BlogPageFactory(parent=blog_index, slug=f"older-{n}", topics=[topic] if n < 3 else [])
    post = BlogPageFactory(parent=blog_index, slug="new-guide", topics=[topic])
    linking = StandardPageFactory(parent=home, slug="start-here", title="Start here")
    linking.body = [("cta", {"heading": "Read this", "text": "", "link": {"label": "", "page": post}})]
    linking.save_revision().publish()
    blog = "http://localhost/blog/"
    listings = {
        "http://localhost/sitemap.xml",
        "http://localhost/",  # no featured guides chosen: the home page shows the newest posts
        *[blog, f"{blog}?page=2", f"{blog}feed/", f"{blog}feed/atom/"],
        *[f"{blog}topic/anxiety/", f"{blog}topic/anxiety/feed/", f"{blog}topic/anxiety/feed/atom/"],
        *[f"{blog}older-{n}/" for n in range(3)],  # they share its topic: their related reading may show it
        "http://localhost/start-here/",  # its link shows the post's title
    }
    cdn.clear()
    post.save_revision().publish()
    assert set(cdn) == listings | {post.full_url}
    cdn.clear()
    post.unpublish()
    assert set(cdn) == listings | {post.full_url}


@pytest.mark.django_db
def test_the_home_page_is_purged_only_for_the_guides_it_features(cdn, home, blog_index):
    featured, other = (
        BlogPageFactory(parent=blog_index, slug="featured"),
        BlogPageFactory(parent=blog_index, slug="other"),
    )
    home.featured_posts = [("post", featured)]
    home.save_revision().publish()
    for post, home_purged in [(featured, True), (other, False)]:
        cdn.clear()
        post.save_revision().publish()
        assert ("http://localhost/" in cdn) is home_purged, post.slug


@pytest.mark.django_db
def test_a_hung_cdn_holds_the_editors_publish_for_one_timeout_not_one_per_address(
    settings,
    home,
    blog_index,
    silent_listener,  # noqa: F811
):
    port = silent_listener
    settings.FRONTEND_CACHE_TIMEOUT = 0.5
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": "serving.frontend_cache.TimeoutHTTPBackend", "LOCATION": f"http://127.0.0.1:{port}"}
    }
    post = BlogPageFactory(parent=blog_index, slug="slow-cdn", topics=[TopicFactory()])
    start = time.monotonic()
    post.save_revision().publish()  # about ten addresses: the post, the sitemap, listings and feeds
    # Wagtail purges the page itself, then serving/purge.py the listings: one timeout each.
    assert time.monotonic() - start < 4 * settings.FRONTEND_CACHE_TIMEOUT


@pytest.mark.django_db
def test_memory_cache_purge_reaches_every_process_on_the_machine(page_cache, settings):
    from serving.page_cache import MemoryPageCache

    worker_a = MemoryPageCache("pages-purge-test", {})
    worker_b = MemoryPageCache("pages-purge-test", {})  # another gunicorn worker: its own memory
    worker_a.set("page", "old")
    worker_b.set("page", "old")
    time.sleep(0.01)
    worker_a.clear()
    assert worker_b.get("page") is None


def test_a_purge_on_one_server_reaches_the_memory_copies_of_another(own_redis):  # noqa: F811
    from config.settings import redis_cache
    from serving.page_cache import RedisPageCache

    url, _ = own_redis
    params = redis_cache(url, "t-pages")
    server_a, server_b = RedisPageCache(url, params), RedisPageCache(url, params)
    server_a.set("page", "old")
    assert server_b.get("page") == "old"  # fetched from Redis, now also in server B's memory
    assert server_b.get("page") == "old"
    server_a.clear()
    assert server_b.get("page") is None
    server_b.set("page", "new")
    assert server_a.get("page") == "new"


@contextlib.contextmanager
def one_request():
    """What a WSGI handler signals around a request, without its database housekeeping (as Django's test client)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        yield
        request_finished.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_a_purge_on_another_server_reaches_the_next_request_here(own_redis):  # noqa: F811
    from config.settings import redis_cache
    from serving.page_cache import RedisPageCache

    url, _ = own_redis
    params = redis_cache(url, "t-pages")
    here = RedisPageCache(url, params)
    RedisPageCache(url, params).set("page", "old")
    with one_request():
        assert here.get("page") == "old"  # now in this server's memory, for the token this request read
    # The other server purges from its own thread: what this thread's requests know is not told.
    other = threading.Thread(target=RedisPageCache(url, params).clear)
    other.start()
    other.join()
    with one_request():
        assert here.get("page") is None


@pytest.mark.django_db
def test_visitor_gets_a_freshly_rendered_page_once_redis_stops(client, page_cache, settings, own_redis, about):  # noqa: F811
    url, process = own_redis
    use_redis(settings, url)
    client.get(about.url)
    assert client.get(about.url)["X-Wagtail-Cache"] == "hit"  # in this process's memory as well as Redis
    process.kill()
    process.wait()
    # Redis cannot say whether another server purged meanwhile, so the copy in memory is not served.
    response = client.get(about.url)
    assert response.status_code == 200 and response["X-Wagtail-Cache"] == "miss"
    assert "About us" in response.content.decode()


def server_env(database_url, redis_url):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.test_settings",
        ENV_FILE=os.devnull,
        DATABASE_URL=database_url,
        TEST_REDIS_URL=redis_url,
        TEST_PAGE_CACHE="1",
    )
    return env


def database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("X-Wagtail-Cache"), response.read().decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_app_servers_sharing_redis_see_a_publish_at_once(live_server, settings, own_redis, home, tmp_path):  # noqa: F811
    redis_url, _ = own_redis
    settings.WAGTAIL_CACHE = True
    use_redis(settings, redis_url)
    about = StandardPageFactory(parent=home, slug="about", title="About us")
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    other = subprocess.Popen(
        [gunicorn, "-c", "deploy/gunicorn.conf.py", "--workers", "1", "--bind", f"127.0.0.1:{port}", "config.wsgi"],
        cwd=ROOT,
        env=server_env(database_url(), redis_url),
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )
    try:
        other_url = f"http://127.0.0.1:{port}{about.url}"
        deadline = time.monotonic() + 60  # a loaded CI machine starts Django slowly
        while time.monotonic() < deadline:
            assert other.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                fetch(other_url)
                break
            except OSError:
                time.sleep(0.2)
        this_url = live_server.url + about.url
        assert fetch(this_url)[0] in ("hit", "miss")
        assert fetch(other_url) == ("hit", fetch(this_url)[1])  # one cache, shared through Redis
        about.title = "About the clinic"
        about.save_revision().publish()
        status, html = fetch(other_url)
        assert status == "miss" and "About the clinic" in html
    finally:
        other.send_signal(signal.SIGINT)  # gunicorn's quick shutdown; SIGTERM waits for keep-alive clients
        other.wait(30)


def redis_commands(redis, during):
    """The commands (name: count) Redis received while `during()` ran, from its own statistics."""
    redis.config_resetstat()
    during()
    stats = redis.info("commandstats")
    ours = ("config", "info")  # this function's own probes: cmdstat_config|resetstat, cmdstat_info
    counts = {name.removeprefix("cmdstat_"): s["calls"] for name, s in stats.items()}
    return {name: calls for name, calls in counts.items() if not name.startswith(ours)}


@pytest.mark.django_db
def test_visitor_gets_a_cached_guide_for_one_redis_round_trip(client, page_cache, settings, own_redis, blog_index):  # noqa: F811
    import redis as redis_py

    url, _ = own_redis
    use_redis(settings, url)
    guide = BlogPageFactory(parent=blog_index, slug="is-ketamine-therapy-right-for-me")
    assert client.get(guide.url)["X-Wagtail-Cache"] == "miss"
    assert client.get(guide.url)["X-Wagtail-Cache"] == "hit"  # now in this process's memory too

    def cached_hit():
        assert client.get(guide.url)["X-Wagtail-Cache"] == "hit"

    commands = redis_commands(redis_py.Redis.from_url(url), cached_hit)
    # The generation check, once: a purge by any other server is still seen by the next request.
    assert commands == {"get": 1}, commands


@pytest.mark.django_db
def test_visitor_downloads_a_document_someone_else_already_had(client, page_cache, home):
    document = DocumentFactory(file__filename="leaflet.pdf", file__data=b"%PDF-1.4 a leaflet for patients")
    first = client.get(document.url)
    saved = b"".join(first.streaming_content)
    assert saved and first["ETag"]
    assert client.get(document.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    response = client.get(document.url)  # a new visitor: an empty 304 kept for the last one is no download
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == saved
