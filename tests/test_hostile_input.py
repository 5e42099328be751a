"""Hostile requests against every public URL pattern: none gets a server error or leaks a trace.

Counts are asserted, so the suite cannot shrink unnoticed: at least 600 requests per database.
"""

import pytest
from django.conf import settings
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.test_booking import request_data

URLS = [
    "/",
    "/ketamine-therapy/",
    "/about/",
    "/blog/",
    "/blog/is-ketamine-therapy-right-for-me/",
    "/blog/feed/",
    "/blog/feed/atom/",
    "/search/",
    "/book-a-consultation/",
    "/book-a-consultation/thank-you/",
    "/sitemap.xml",
    "/robots.txt",
    "/.well-known/security.txt",
    "/documents/1/missing.pdf",
    "/_util/login/",
    "/admin/login/",
    "/no-such-page/",
]
QUERIES = [
    "?page=-1",
    "?page=abc",
    "?page=0",
    "?page=99999999999999999999999",
    "?page=1e9",
    "?page=%00",
    "?page=1&page=2",
    "?q=%00",
    "?q=%ff%fe%fd",
    "?q=%3Cscript%3Ealert(1)%3C/script%3E",
    "?q=" + "a" * 5000,
    "?%E0%A4%A=1",
    "?q=' OR 1=1 --",
    "?next=//evil.example/",
]
PATH_SUFFIXES = ["%00", "%ff%fe", "..%2f..%2fetc%2fpasswd", "%c0%ae%c0%ae/", "x" * 300 + "/", "%0d%0aSet-Cookie:x=1"]
METHODS = ["put", "patch", "delete", "options", "trace"]
HEADERS = [
    {"HTTP_HOST": "evil.example"},
    {"HTTP_HOST": "localhost:99999"},
    {"HTTP_HOST": "local\x00host"},
    {"HTTP_X_FORWARDED_FOR": "not-an-ip, , ::::"},
    {"HTTP_X_FORWARDED_HOST": "evil.example"},
    {"HTTP_X_FORWARDED_PROTO": "gopher"},
    {"HTTP_COOKIE": "sessionid=" + "A" * 4000 + "; csrftoken=x"},
    {"HTTP_ACCEPT_LANGUAGE": "x" * 1000},
    {"HTTP_TRANSFER_ENCODING": "chunked", "HTTP_CONTENT_LENGTH": "5"},
    {"HTTP_CONTENT_LENGTH": "-1"},
]
LEAKS = ["Traceback", 'File "', str(settings.BASE_DIR), settings.SECRET_KEY, "django.db", "psycopg2", "sqlite3"]


class Probe:
    def __init__(self):
        self.client = Client(raise_request_exception=False)
        self.count = 0

    def check(self, response, what):
        self.count += 1
        assert response.status_code < 500, (what, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        for leak in LEAKS:
            assert leak not in text, (what, leak)
        return response

    def get(self, url, **extra):
        return self.check(self.client.get(url, **extra), f"GET {url[:80]} {extra and list(extra)}")

    def send(self, method, url, **kwargs):
        return self.check(getattr(self.client, method)(url, **kwargs), f"{method} {url[:80]}")


@pytest.fixture
def probe():
    return Probe()


@pytest.mark.django_db
def test_hostile_requests_never_get_a_server_error_or_a_trace(probe, demo_site):
    booking = "/book-a-consultation/"
    for url in URLS:
        for query in QUERIES:
            probe.get(url + query)
        for suffix in PATH_SUFFIXES:
            probe.get(url + suffix)
        for method in METHODS:
            probe.send(method, url, data="x=1", content_type="application/x-www-form-urlencoded")
        for headers in HEADERS:
            probe.get(url, **headers)
        for charset in ["utf-16", "latin-1", "shift_jis", "utf-7"]:
            response = probe.send(
                "post",
                url,
                data=b"name=%FF%FE",
                content_type=f"application/x-www-form-urlencoded; charset={charset}",
                HTTP_COOKIE="csrftoken=abcdefghijklmnopqrstuvwxyz012345",
            )
            assert response.status_code in (400, 403, 405), (url, charset, response.status_code)
        probe.send(
            "post",
            url,
            data=b"--x\r\nContent-Disposition: form-data; name=",
            content_type="multipart/form-data; boundary=x",
        )
        probe.send("post", url, data=b"\x00\xff" * 100, content_type="application/octet-stream")
    many_parameters = "?" + "&".join(f"p{i}=1" for i in range(10_000))
    for url in ["/", "/search/", "/blog/", booking]:
        probe.get(url + many_parameters)
        probe.send("post", url, data=many_parameters[1:], content_type="application/x-www-form-urlencoded")
    from booking.models import BookingPage

    page = BookingPage.objects.get()
    good = request_data(page)
    shapes = [
        {},
        {k: v for k, v in good.items() if not k.startswith("whf_")},
        {**good, "extra_field": "x", "another": ["1", "2"]},
        {k: [v, v] if isinstance(v, str) else v for k, v in good.items()},
        {k: "x" * 200_000 if isinstance(v, str) else v for k, v in good.items()},
        {k: "\x00\uffff\u202e" if isinstance(v, str) else v for k, v in good.items()},
        {**good, "whf_name": "bot"},
    ]
    for data in shapes * 3:
        probe.send("post", booking, data=data)
    probe.send("post", booking, data=b"a=" + b"%" * 1000, content_type="application/x-www-form-urlencoded")
    probe.send("post", booking, data="{}", content_type="application/json")
    assert probe.count >= 600, probe.count


@pytest.mark.django_db
def test_visitor_posting_a_form_in_another_charset_gets_the_designed_400_page(client, home):
    response = client.post(
        "/",
        "name=x",  # the test client encodes it in the declared charset
        content_type="application/x-www-form-urlencoded; charset=utf-16",
        HTTP_COOKIE="csrftoken=abcdefghijklmnopqrstuvwxyz012345",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "We could not read that request" in html and "css/site.css" in html
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=300))
def test_any_search_text_gets_a_results_page(client, home, query):
    response = Client(raise_request_exception=False).get("/search/", {"q": query})
    assert response.status_code == 200
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.text(max_size=2000), min_size=8, max_size=8))
def test_any_booking_form_values_get_a_clear_answer(booking_page, settings, values):
    settings.BOOKING_RATE_LIMIT = "100000/h"
    data = request_data(booking_page)
    for name, value in zip([k for k in data if not k.startswith("whf_")], values, strict=False):
        data[name] = value
    response = Client(raise_request_exception=False).post(booking_page.url, data)
    assert response.status_code in (200, 302), response.status_code  # the form with its errors, or thank-you
    assert "Traceback" not in response.content.decode()
