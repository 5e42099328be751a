"""A site notice with a start or end time appears and disappears on time, even on fully cached pages."""

import datetime
import time

import pytest
from django.utils import timezone

from site_pages.models import SiteNotice
from tests.factories import StandardPageFactory
from tests.test_production_resilience import own_redis  # noqa: F401  (fixture)

NOTICE = "We are closed on Monday 24 December."


@pytest.fixture
def page_cache(settings):
    settings.WAGTAIL_CACHE = True


@pytest.fixture
def about(home):
    return StandardPageFactory(parent=home, slug="about", title="About us")


@pytest.fixture
def clock(monkeypatch):
    """Moves the clock forward for the cache's expiry (time.time) and the notice's schedule (timezone.now)."""
    real_time, real_now = time.time, timezone.now
    offset = datetime.timedelta()

    def advance(seconds):
        nonlocal offset
        offset += datetime.timedelta(seconds=seconds)

    monkeypatch.setattr(time, "time", lambda: real_time() + offset.total_seconds())
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)
    return advance


def schedule_notice(home, **times):
    notice = SiteNotice.for_site(home.get_site())
    notice.enabled, notice.text = True, NOTICE
    for name, seconds in times.items():
        setattr(notice, name, timezone.now() + datetime.timedelta(seconds=seconds))
    notice.full_clean()
    notice.save()  # saving settings purges the page cache, as in the admin
    return notice


def cdn_lifetime(response):
    directives = dict(part.strip().partition("=")[::2] for part in response["Cache-Control"].split(","))
    return int(directives["s-maxage"]), "stale-while-revalidate" in directives


@pytest.mark.django_db
def test_visitor_sees_a_notice_starting_in_30_seconds_on_time_from_the_cached_page(client, page_cache, about, clock):
    schedule_notice(about, starts_at=30)
    first = client.get(about.url)
    assert first["X-Wagtail-Cache"] == "miss" and NOTICE not in first.content.decode()
    assert cdn_lifetime(first) <= (30, False), "a CDN keeps it no longer either, and never serves it stale"

    clock(20)
    before = client.get(about.url)
    assert before["X-Wagtail-Cache"] == "hit" and NOTICE not in before.content.decode(), "still cached until then"

    clock(11)
    after = client.get(about.url)
    assert NOTICE in after.content.decode()


@pytest.mark.django_db
def test_visitor_stops_seeing_a_notice_at_its_end_time(client, page_cache, about, clock):
    schedule_notice(about, ends_at=30)
    assert NOTICE in client.get(about.url).content.decode()
    clock(31)
    assert NOTICE not in client.get(about.url).content.decode()


@pytest.mark.django_db
def test_notice_without_times_leaves_pages_cached_as_long_as_usual(client, page_cache, about, settings, clock):
    schedule_notice(about)
    response = client.get(about.url)
    assert NOTICE in response.content.decode()
    assert cdn_lifetime(response) == (settings.CDN_CACHE_SECONDS, True)
    clock(60)
    assert client.get(about.url)["X-Wagtail-Cache"] == "hit"


@pytest.mark.django_db
def test_notice_counts_down_to_its_next_start_or_end(home, clock):
    notice = schedule_notice(home, starts_at=30, ends_at=90)
    assert notice.seconds_until_change() == 30
    clock(45)
    assert notice.seconds_until_change() == 45
    clock(50)
    assert notice.seconds_until_change() is None, "past its end it changes no more"
    notice.enabled = False
    assert notice.seconds_until_change() is None


def test_a_page_kept_briefly_in_redis_is_not_kept_longer_in_another_servers_memory(own_redis):  # noqa: F811
    from config.settings import redis_cache
    from serving.page_cache import RedisPageCache

    url, _ = own_redis
    params = redis_cache(url, "t-pages")
    server_a, server_b = RedisPageCache(url, params), RedisPageCache(url, params)
    server_a.set("page", "until the notice starts", timeout=1)
    assert server_b.get("page") == "until the notice starts"  # now also in server B's memory
    time.sleep(1.2)
    assert server_b.get("page") is None
