"""A visitor asks for a consultation; the front desk, and only the front desk, reads the request."""

import csv
import io
import smtplib
import time
from datetime import timedelta
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, PageLogEntry

from booking.honeypot import SALT, signed_form_time
from booking.models import BookingSubmission

PASSED_HONEYPOT = {"whf_name": "", "whf_time": signed_form_time(time.time() - 60)}


def request_data(page, **overrides):
    """What a visitor who fills in every field sends, keyed by the form's field names."""
    names = {field.field_type: field.clean_name for field in page.get_form_fields()}
    data = {
        names["singleline"]: "Alex Doe",
        names["email"]: "alex@example.org",
        names["phone"]: "(204) 555-0199",
        names["radio"]: "Phone",
        names["checkboxes"]: ["Weekday mornings"],
        names["dropdown"]: "Ketamine therapy",
        names["multiline"]: "Please avoid Mondays.",
        names["consent"]: "on",
        **PASSED_HONEYPOT,
    }
    for field_type, value in overrides.items():
        data[names.get(field_type, field_type)] = value
    return data


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def front_desk_client(django_user_model):
    client = Client()
    user = django_user_model.objects.create_user("frontdesk", "fd@example.com", "password")
    user.groups.add(Group.objects.get(name="Front desk"))
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(django_user_model, home):
    """A marketing editor: may add, edit and publish every page of the site (what Wagtail's Editors get)."""
    client = Client()
    group = Group.objects.create(name="Marketing editors (test)")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission in ["add_page", "change_page", "publish_page"]:
        GroupPagePermission.objects.create(
            group=group, page=home, permission=Permission.objects.get(codename=permission)
        )
    user = django_user_model.objects.create_user("editor", "ed@example.com", "password")
    user.groups.add(group)
    client.force_login(user)
    return client


# --- The visitor's side --------------------------------------------------------------------------


@pytest.mark.django_db
def test_visitor_sends_a_request_and_sees_what_happens_next(client, booking_page, committed):
    with committed():
        response = client.post(booking_page.url, request_data(booking_page))
    assert response.status_code == 302 and response["Location"] == booking_page.url + "thank-you/"
    thanks = client.get(response["Location"])
    page = soup(thanks)
    assert page.find("h1").get_text() == "Thank you, your request has been sent"
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert "front desk team will contact you" in thanks.content.decode()
    assert page.select_one("main a[href='tel:988']"), "the thank-you page repeats the crisis line"
    stored = BookingSubmission.objects.get()
    assert stored.form_data["email"] == "alex@example.org" and stored.notification_sent


@pytest.mark.django_db
def test_visitor_sees_every_field_with_a_label_and_the_privacy_policy_next_to_consent(client, booking_page):
    page = soup(client.get(booking_page.url))
    form = page.select_one("form.booking-form")
    assert form.find("input", {"name": "csrfmiddlewaretoken"})
    for field in booking_page.get_form_fields():
        control = form.find(attrs={"name": field.clean_name})
        assert control is not None, field.label
        if field.field_type not in ("radio", "checkboxes"):
            assert form.find("label", attrs={"for": control["id"]}), field.label
    consent = form.select_one(".form-field--consent")
    assert consent.find("a", href="/privacy-policy/")
    assert "do not include medical details" in form.get_text()
    assert form.find(attrs={"name": "email"})["type"] == "email"
    assert form.find(attrs={"name": "phone"})["type"] == "tel"


@pytest.mark.django_db
def test_visitor_who_makes_mistakes_keeps_what_they_typed_and_is_told_what_to_fix(client, booking_page):
    data = request_data(booking_page, email="alex@", phone="12", consent="")
    del data["i_agree_that_the_clinic_may_store_these_details_to_contact_me_about_a_consultation"]
    response = client.post(booking_page.url, data)
    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Error: ")
    summary = page.select_one(".error-summary[role=alert]")
    links = [a["href"] for a in summary.select("a")]
    assert links == [
        "#id_email",
        "#id_phone",
        "#id_i_agree_that_the_clinic_may_store_these_details_to_contact_me_about_a_consultation",
    ]
    email = page.find(id="id_email")
    assert email["value"] == "alex@" and email["aria-invalid"] == "true"
    assert "id_email_error" in email["aria-describedby"].split()
    assert "Enter a valid email address." in page.find(id="id_email_error").get_text()
    assert "area code" in page.find(id="id_phone_error").get_text()
    assert page.find(id="id_your_name")["value"] == "Alex Doe"
    assert page.find(id="id_message").get_text().strip() == "Please avoid Mondays."
    assert page.find("input", {"name": "how_should_we_contact_you", "value": "Phone"}).has_attr("checked")
    assert not BookingSubmission.objects.exists()


@pytest.mark.django_db
def test_visitor_cannot_store_a_megabyte_message_or_overlong_fields(client, booking_page):
    response = client.post(booking_page.url, request_data(booking_page, multiline="x" * 1_000_000))
    assert response.status_code == 200 and soup(response).find(id="id_message_error")
    response = client.post(booking_page.url, request_data(booking_page, singleline="x" * 256, phone="1" * 31))
    assert soup(response).find(id="id_your_name_error") and soup(response).find(id="id_phone_error")
    assert not BookingSubmission.objects.exists()


@pytest.mark.django_db
def test_visitor_text_is_escaped_on_the_page_and_in_the_admin(client, front_desk_client, booking_page):
    attack = '<script>alert("x")</script>'
    response = client.post(booking_page.url, request_data(booking_page, email="bad", singleline=attack))
    assert attack not in response.content.decode() and "&lt;script&gt;" in response.content.decode()
    client.post(booking_page.url, request_data(booking_page, singleline=attack))
    listing = front_desk_client.get(reverse("wagtailforms:list_submissions", args=[booking_page.pk]))
    assert attack not in listing.content.decode() and "&lt;script&gt;" in listing.content.decode()


# --- Storage before email ------------------------------------------------------------------------


@pytest.mark.django_db
def test_front_desk_is_emailed_a_link_but_none_of_the_visitors_details(client, booking_page, committed):
    with committed():
        client.post(booking_page.url, request_data(booking_page))
    (email,) = mail.outbox
    assert email.to == ["frontdesk@example.com"]
    submission = BookingSubmission.objects.get()
    assert f"#{submission.pk}" in email.body
    assert f"/admin/forms/submissions/{booking_page.pk}/" in email.body
    for detail in ["Alex", "alex@example.org", "555-0199", "Ketamine", "Mondays"]:
        assert detail not in email.body + email.subject, detail


@pytest.mark.django_db
def test_visitor_still_succeeds_when_the_mail_server_is_down(client, booking_page, monkeypatch, logged, committed):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "mail server down")

    monkeypatch.setattr("booking.models.send_mail", refuse)
    with committed():
        response = client.post(booking_page.url, request_data(booking_page))
    assert response.status_code == 302
    submission = BookingSubmission.objects.get()
    assert not submission.notification_sent
    assert f"#{submission.pk}: the notification email could not be sent" in logged()
    assert "Alex" not in logged() and "alex@example.org" not in logged()
    assert submission.get_data()["notification"] == "Notification not sent"


@pytest.mark.django_db
def test_front_desk_sees_which_requests_were_not_notified(
    client, front_desk_client, booking_page, monkeypatch, committed
):
    monkeypatch.setattr("booking.models.send_mail", lambda *a, **k: (_ for _ in ()).throw(OSError("down")))
    with committed():
        client.post(booking_page.url, request_data(booking_page))
    listing = front_desk_client.get(reverse("wagtailforms:list_submissions", args=[booking_page.pk]))
    assert "Notification not sent" in listing.content.decode()


# --- Who sees requests ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_front_desk_sees_filters_and_exports_requests(client, front_desk_client, booking_page):
    client.post(booking_page.url, request_data(booking_page))
    url = reverse("wagtailforms:list_submissions", args=[booking_page.pk])
    listing = front_desk_client.get(url)
    assert listing.status_code == 200 and "alex@example.org" in listing.content.decode()
    today = timezone.localdate().isoformat()
    assert "alex@example.org" in front_desk_client.get(url, {"date_from": today}).content.decode()
    csv = front_desk_client.get(url, {"export": "csv"})
    assert csv.status_code == 200 and "alex@example.org" in b"".join(csv.streaming_content).decode()
    menu = front_desk_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Consultation requests" in menu
    assert reverse("wagtailforms:index") not in menu, "the Forms listing would refuse them"
    assert front_desk_client.get(reverse("booking_requests"))["Location"] == url


@pytest.mark.django_db
def test_editor_cannot_see_export_or_delete_requests(client, editor_client, booking_page):
    client.post(booking_page.url, request_data(booking_page))
    submission = BookingSubmission.objects.get()
    edit_view = editor_client.get(reverse("wagtailadmin_pages:edit", args=[booking_page.pk]))
    url = reverse("wagtailforms:list_submissions", args=[booking_page.pk])
    assert edit_view.status_code == 200 and f'href="{url}"' not in edit_view.content.decode()
    url = reverse("wagtailforms:list_submissions", args=[booking_page.pk])
    for response in [
        editor_client.get(url),
        editor_client.get(url, {"export": "xlsx"}),
        editor_client.post(
            reverse("wagtailforms:delete_submissions", args=[booking_page.pk])
            + f"?selected-submissions={submission.pk}"
        ),
    ]:
        assert response.status_code in (302, 403)
        assert "alex@example.org" not in response.content.decode()
    assert BookingSubmission.objects.exists()
    forms_index = editor_client.get(reverse("wagtailforms:index"))
    assert booking_page.title not in forms_index.content.decode()


@pytest.mark.django_db
def test_marketing_editor_who_edits_the_booking_page_cannot_see_requests(client, django_user_model, booking_page):
    """The real "Marketing editors" group (migration-made) edits every page, the booking page included."""
    client.post(booking_page.url, request_data(booking_page))
    editor = django_user_model.objects.create_user("marketing", "me@example.com", "password")
    editor.groups.add(Group.objects.get(name="Marketing editors"))
    assert booking_page.permissions_for_user(editor).can_edit()
    client.force_login(editor)
    response = client.get(reverse("wagtailforms:list_submissions", args=[booking_page.pk]))
    assert response.status_code in (302, 403) and "alex@example.org" not in response.content.decode()


@pytest.mark.django_db
def test_superuser_sees_the_request_count_on_the_booking_page(client, django_user_model, booking_page):
    client.post(booking_page.url, request_data(booking_page))
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.com", "password"))
    edit_view = client.get(reverse("wagtailadmin_pages:edit", args=[booking_page.pk])).content.decode()
    assert f'href="{reverse("wagtailforms:list_submissions", args=[booking_page.pk])}"' in edit_view


@pytest.mark.django_db
def test_front_desk_deletion_is_written_to_the_audit_log(client, front_desk_client, booking_page, django_user_model):
    client.post(booking_page.url, request_data(booking_page))
    submission = BookingSubmission.objects.get()
    delete_url = reverse("wagtailforms:delete_submissions", args=[booking_page.pk])
    response = front_desk_client.post(f"{delete_url}?selected-submissions={submission.pk}")
    assert response.status_code == 302 and not BookingSubmission.objects.exists()
    entry = PageLogEntry.objects.get(action="booking.delete_request")
    assert entry.page_id == booking_page.pk and entry.user.username == "frontdesk"
    assert entry.data["request"] == submission.pk and "Alex" not in str(entry.data)
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.com", "password"))
    history = client.get(reverse("wagtailadmin_pages:history", args=[booking_page.pk]))
    assert "Deleted a consultation request" in history.content.decode()


@pytest.mark.django_db
def test_front_desk_exports_requests_containing_control_characters_to_excel(client, front_desk_client, booking_page):
    client.post(booking_page.url, request_data(booking_page, multiline="Call\x0bme\x1b later"))
    assert BookingSubmission.objects.get().form_data["message"] == "Call me  later"
    # A request stored before the fix, still holding the raw characters.
    BookingSubmission.objects.create(page=booking_page, form_data={"message": "old\x0brow", "your_name": "Old\x01"})
    url = reverse("wagtailforms:list_submissions", args=[booking_page.pk])
    response = front_desk_client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


# --- Abuse ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_visitor_and_their_browser_cannot_see_reach_or_autofill_the_spam_trap(client, booking_page):
    soup = BeautifulSoup(client.get(booking_page.url).content, "html.parser")
    trap = soup.select_one("input[name=whf_name]")
    # Inside a `hidden` element nothing is rendered: not seen, not focusable, not autofilled.
    assert trap.find_parent(attrs={"hidden": True}) is not None
    stamp = soup.select_one("input[name=whf_time]")
    assert stamp["type"] == "hidden" and not {"aria-hidden", "autocomplete", "tabindex"} & set(stamp.attrs)


def test_bot_filling_the_honeypot_is_dropped_and_logged(client, booking_page, logged):
    response = client.post(booking_page.url, request_data(booking_page, whf_name="http://spam.example"))
    assert response.status_code == 302, "the bot sees the usual success"
    assert not BookingSubmission.objects.exists() and not mail.outbox
    assert "dropped a request as spam because the hidden field was filled in" in logged()
    assert "spam.example" not in logged()


@pytest.mark.django_db
def test_bot_posting_instantly_is_dropped_and_logged(client, booking_page, logged):
    client.post(booking_page.url, request_data(booking_page, whf_time=signed_form_time()))
    assert not BookingSubmission.objects.exists()
    assert "sent within 3 seconds" in logged()


@pytest.mark.django_db
def test_visitor_sending_too_many_requests_gets_a_clear_429_page(client, booking_page, settings):
    settings.BOOKING_RATE_LIMIT = "2/h"
    for _ in range(2):
        assert client.post(booking_page.url, request_data(booking_page)).status_code == 302
    response = client.post(booking_page.url, request_data(booking_page))
    assert response.status_code == 429
    page = soup(response)
    assert "several requests from your connection" in page.find("h1").get_text()
    assert page.select_one("main a[href='tel:988']") and page.select_one("main a[href^='tel:+1']")
    assert BookingSubmission.objects.count() == 2
    assert client.get(booking_page.url).status_code == 200, "reading the form is never limited"


@pytest.mark.django_db
def test_visitors_behind_one_proxy_are_limited_one_by_one(client, booking_page, settings):
    settings.BOOKING_RATE_LIMIT = "1/h"
    settings.TRUSTED_PROXY_COUNT, settings.CLIENT_IP_HEADER = 1, "HTTP_X_REAL_IP"
    assert client.post(booking_page.url, request_data(booking_page), HTTP_X_REAL_IP="203.0.113.5").status_code == 302
    assert client.post(booking_page.url, request_data(booking_page), HTTP_X_REAL_IP="203.0.113.6").status_code == 302
    assert client.post(booking_page.url, request_data(booking_page), HTTP_X_REAL_IP="203.0.113.5").status_code == 429


@pytest.mark.django_db
def test_visitor_can_still_book_when_the_rate_limit_cache_is_down(client, booking_page, settings, logged):
    # Decision: fail open (see booking/rate_limit.py). Nothing listens on port 1.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.RATELIMIT_USE_CACHE = "ratelimit"
    settings.BOOKING_RATE_LIMIT = "1/h"
    for _ in range(3):
        assert client.post(booking_page.url, request_data(booking_page)).status_code == 302
    assert BookingSubmission.objects.count() == 3
    assert "Booking rate limit not applied" in logged()


@pytest.mark.django_db
def test_visitor_can_still_book_when_the_cache_cannot_count(client, booking_page, settings, monkeypatch, logged):
    settings.BOOKING_RATE_LIMIT = "1/h"
    monkeypatch.setattr("django.core.cache.backends.locmem.LocMemCache.add", lambda *a, **k: False)
    monkeypatch.setattr("django.core.cache.backends.locmem.LocMemCache.incr", lambda *a, **k: None)
    for _ in range(2):
        assert client.post(booking_page.url, request_data(booking_page)).status_code == 302
    assert BookingSubmission.objects.count() == 2 and "not applied" in logged()


def test_deploy_check_requires_a_shared_cache_for_the_rate_limit(settings):
    from django.core.management.base import SystemCheckError

    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {"default": locmem, "ratelimit": locmem}
    with pytest.raises(SystemCheckError, match="booking.E001"):
        call_command("check", "--deploy", tags=["caches"], stdout=StringIO(), stderr=StringIO())


def test_development_check_accepts_the_local_memory_cache(settings):
    # django-ratelimit's own check (E003: not a shared cache) is silenced on purpose; see booking/checks.py.
    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {"default": locmem, "ratelimit": locmem}
    out = StringIO()
    call_command("check", tags=["caches"], stdout=out, stderr=StringIO())
    assert "no issues" in out.getvalue()


def test_deploy_check_accepts_redis_for_the_rate_limit(settings):
    redis = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://x"}
    settings.CACHES = {"default": redis, "ratelimit": redis}
    out = StringIO()
    call_command("check", "--deploy", tags=["caches"], stdout=out, stderr=StringIO())
    assert "no issues" in out.getvalue()


# --- Retention -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_front_desk_purges_requests_older_than_the_retention_period(booking_page, settings):
    settings.BOOKING_RETENTION_DAYS = 90
    old, recent = (BookingSubmission.objects.create(page=booking_page, form_data={}) for _ in range(2))
    BookingSubmission.objects.filter(pk=old.pk).update(submit_time=timezone.now() - timedelta(days=91))
    out = StringIO()
    call_command("purge_submissions", "--older-than", "90", stdout=out)
    assert out.getvalue().strip() == "Deleted 1 consultation request older than 90 days."
    assert list(BookingSubmission.objects.values_list("pk", flat=True)) == [recent.pk]
    assert PageLogEntry.objects.filter(action="booking.delete_request").count() == 1


@pytest.mark.django_db
def test_editor_previews_the_form_and_its_thank_you_page(admin_client, booking_page):
    for mode, expected in [("form", "Send my request"), ("landing", "Thank you, your request has been sent")]:
        url = reverse("wagtailadmin_pages:view_draft", args=[booking_page.pk])
        response = admin_client.get(url, {"mode": mode})
        assert response.status_code == 200 and expected in response.content.decode(), mode


@pytest.mark.django_db
def test_front_desk_export_never_runs_a_formula_a_visitor_typed(client, front_desk_client, booking_page):
    planted = {"singleline": '=HYPERLINK("http://evil.example","x")', "multiline": "@SUM(1+1)*cmd|' /C calc'!A0"}
    client.post(booking_page.url, request_data(booking_page, **planted))
    url = reverse("wagtailforms:list_submissions", args=[booking_page.pk])
    rows = list(
        csv.reader(io.StringIO(b"".join(front_desk_client.get(url, {"export": "csv"}).streaming_content).decode()))
    )
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells and "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stamp",
    [str(int(time.time()) - 60), str(int(time.time()) - 10**8), str(int(time.time()) + 10**8), "", "x:y:z"],
)
def test_bot_forging_the_form_time_stamp_is_dropped(client, booking_page, logged, stamp):
    client.post(booking_page.url, request_data(booking_page, whf_time=stamp))
    assert not BookingSubmission.objects.exists()
    assert "time stamp was missing or not the one the form was sent with" in logged()


@pytest.mark.django_db
def test_bot_replaying_a_form_loaded_long_ago_is_dropped(client, booking_page, logged):
    client.post(booking_page.url, request_data(booking_page, whf_time=signed_form_time(time.time() - 13 * 3600)))
    assert not BookingSubmission.objects.exists() and "loaded too long ago" in logged()


@pytest.mark.django_db
def test_visitor_who_loads_the_form_and_sends_it_later_is_kept(client, booking_page):
    stamp = soup(client.get(booking_page.url)).select_one("input[name=whf_time]")["value"]
    data = request_data(booking_page, whf_time=signing.dumps(int(signing.loads(stamp, salt=SALT)) - 30, salt=SALT))
    assert client.post(booking_page.url, data).status_code == 302 and BookingSubmission.objects.count() == 1
