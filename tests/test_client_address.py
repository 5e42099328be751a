"""The booking limit and the admin lockout count the visitor's own address, however proxies report it."""

import pytest
from django.test import RequestFactory

from security.client_ip import client_ip
from tests.test_booking import request_data


def address(settings, proxies, forwarded=None, peer="10.0.0.1"):
    settings.TRUSTED_PROXY_COUNT, settings.CLIENT_IP_HEADER = proxies, "HTTP_X_FORWARDED_FOR"
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=peer, **extra))


def test_visitor_without_a_proxy_cannot_choose_their_address_with_a_header(settings):
    assert address(settings, 0, "203.0.113.9") == "10.0.0.1"


def test_visitor_behind_proxies_is_the_right_most_address_no_trusted_proxy_wrote(settings):
    assert address(settings, 1, "203.0.113.9") == "203.0.113.9"
    assert address(settings, 1, "1.1.1.1, 203.0.113.9") == "203.0.113.9"  # 1.1.1.1 was forged by the client
    assert address(settings, 2, "1.1.1.1, 203.0.113.9, 10.0.0.2") == "203.0.113.9"
    assert address(settings, 1, "2001:db8::1") == "2001:db8::1"


@pytest.mark.parametrize("forwarded", ["", "junk", "203.0.113.9, not-an-ip", ",,,", "999.1.1.1", "\x00"])
def test_malformed_or_missing_header_counts_as_the_proxy_address(settings, forwarded):
    assert address(settings, 1, forwarded) == "10.0.0.1"
    assert address(settings, 1) == "10.0.0.1"
    assert address(settings, 3, "203.0.113.9") == "10.0.0.1"  # fewer addresses than trusted proxies


@pytest.mark.django_db
def test_bot_sending_junk_forwarded_headers_is_still_rate_limited(client, booking_page, settings):
    settings.BOOKING_RATE_LIMIT = "1/h"
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = [
        client.post(booking_page.url, request_data(booking_page), HTTP_X_FORWARDED_FOR=junk).status_code
        for junk in ["junk", "also junk", "", "1.2.3.4.5"]
    ]
    assert statuses == [302, 429, 429, 429]


@pytest.mark.django_db
def test_visitors_behind_a_proxy_chain_are_limited_one_by_one(client, booking_page, settings):
    settings.BOOKING_RATE_LIMIT = "1/h"
    settings.TRUSTED_PROXY_COUNT = 2

    def post(forwarded):
        return client.post(booking_page.url, request_data(booking_page), HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert post("203.0.113.5, 10.0.0.2") == 302
    assert post("203.0.113.6, 10.0.0.2") == 302
    assert post("198.51.100.1, 203.0.113.5, 10.0.0.2") == 429  # a forged left-most address changes nothing
