"""Staff sign in to an admin that holds patients' requests: guessing is stopped, passwords are strong."""

import re
import time
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from security.models import RecoveryCode
from security.two_factor import replace_recovery_codes
from tests.test_settings import PRODUCTION_ENV, run_django

PASSWORD = "correct horse battery staple"
LOGIN_FORMS = ["/admin/login/", "/_util/login/"]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)


def sign_in(client, url, password, address="198.51.100.7"):
    return client.post(url, {"username": "editor", "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_password_guesser_is_locked_out_even_when_they_then_guess_right(client, editor, url):
    statuses = [sign_in(client, url, "wrong password!").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the form again with its error, then the pause
    response = sign_in(client, url, PASSWORD)
    assert response.status_code == 429
    assert "Sign-in is paused" in response.content.decode() and PASSWORD not in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "Content-Security-Policy" in response  # the lockout page is a designed page with every header


@pytest.mark.django_db
def test_editor_at_another_address_still_signs_in_while_a_guesser_is_locked_out(client, editor):
    for _ in range(6):
        sign_in(client, "/admin/login/", "wrong password!", address="203.0.113.66")
    response = sign_in(client, "/admin/login/", PASSWORD, address="198.51.100.20")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(editor.pk)


@pytest.mark.django_db
def test_locked_out_editor_signs_in_again_after_the_cool_off(client, editor):
    for _ in range(6):
        sign_in(client, "/admin/login/", "wrong password!")
    assert sign_in(client, "/admin/login/", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    assert sign_in(client, "/admin/login/", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_editor_signing_in_stays_signed_in_for_twelve_hours_at_most(client, editor):
    response = sign_in(client, "/admin/login/", PASSWORD)
    assert response.status_code == 302 and response.cookies["sessionid"]["httponly"]
    assert client.session.get_expiry_age() == 12 * 60 * 60  # server side, even for a browser-session cookie
    client.logout()
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD, "remember": "on"})
    assert response.cookies["sessionid"]["max-age"] == 12 * 60 * 60  # "Remember me" too


@pytest.mark.parametrize("password", ["Clinic2024", "Summer2026!", "ketamine", "password1234", "123456789012"])
def test_site_manager_cannot_give_staff_a_short_or_common_password(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_site_manager_can_give_staff_a_long_passphrase():
    validate_password("tulip lantern orbit 47")


def test_production_hashes_passwords_with_argon2():
    code = "from django.contrib.auth.hashers import make_password; print(make_password('a long passphrase'))"
    result = run_django("import django; django.setup(); " + code, **PRODUCTION_ENV)
    assert result.stdout.startswith("argon2$argon2id$"), result.stderr


@pytest.mark.django_db
def test_staff_are_offered_password_reset_only_with_a_real_mail_backend(client, settings):
    # Tests send mail to memory (locmem): a reset link would go nowhere, so there is no reset form.
    assert client.get(reverse("wagtailadmin_password_reset")).status_code == 404
    assert "Forgotten password" not in client.get("/admin/login/").content.decode()
    code = "from django.conf import settings as s; print(s.WAGTAIL_PASSWORD_RESET_ENABLED)"
    assert run_django(code, **PRODUCTION_ENV).stdout.strip() == "True"
    without_email = {k: v for k, v in PRODUCTION_ENV.items() if k != "EMAIL_URL"}
    assert run_django(code, **without_email).stdout.strip() == "False"


def test_deploy_check_fails_on_a_backend_that_emails_no_one():
    without_email = {k: v for k, v in PRODUCTION_ENV.items() if k != "EMAIL_URL"}
    check = "from django.core.management import call_command; call_command('check', '--deploy')"
    for backend in ["console", "locmem"]:
        env = {**without_email, "EMAIL_BACKEND": f"django.core.mail.backends.{backend}.EmailBackend"}
        result = run_django("import django; django.setup(); " + check, **env)
        assert result.returncode != 0 and "security.E001" in result.stderr, backend


def test_operator_configures_email_from_one_url_or_separate_variables():
    code = (
        "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, "
        "s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.EMAIL_TIMEOUT)"
    )
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    from_url = run_django(code, **PRODUCTION_ENV).stdout.split()
    assert from_url == [smtp, "smtp.example.com", "587", "clinic", "True", "False", "10.0"]
    separate = {
        **{k: v for k, v in PRODUCTION_ENV.items() if k != "EMAIL_URL"},
        "EMAIL_BACKEND": smtp,
        "EMAIL_HOST": "relay.internal",
        "EMAIL_PORT": "465",
        "EMAIL_HOST_USER": "site",
        "EMAIL_USE_SSL": "1",
        "EMAIL_TIMEOUT": "60",  # capped: a hung relay may hold a worker 10 s at most
    }
    assert run_django(code, **separate).stdout.split() == [
        smtp,
        "relay.internal",
        "465",
        "site",
        "False",
        "True",
        "10.0",
    ]
    unknown = run_django(code, **{**PRODUCTION_ENV, "EMAIL_URL": "smtp+tls://a:b@host:587"})
    assert unknown.returncode != 0 and "unknown scheme" in unknown.stderr


@pytest.fixture
def second_factor_required(settings):
    settings.WAGTAIL_2FA_REQUIRED = True


def signed_in(client, user):
    client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    return client


@pytest.mark.django_db
def test_staff_without_an_authenticator_must_set_one_up_before_using_the_admin(client, editor, second_factor_required):
    response = signed_in(client, editor).get("/admin/pages/")
    assert response.status_code == 302 and "/admin/2fa/devices/new" in response["Location"]
    setup = client.get(response["Location"])
    assert setup.status_code == 200 and "otpauth" in setup.content.decode().lower() or b"qr" in setup.content.lower()


@pytest.mark.django_db
def test_staff_with_an_authenticator_enter_its_code_after_their_password(client, editor, second_factor_required):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    response = signed_in(client, editor).get("/admin/pages/")
    assert response.status_code == 302 and "/admin/2fa/auth" in response["Location"]
    assert client.post("/admin/2fa/auth", {"otp_token": "000000"}).status_code == 200  # wrong: the form again
    assert client.get("/admin/pages/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes a guesser wait longer after each wrong code; this one waited
    client.post("/admin/2fa/auth", {"otp_token": f"{totp(device.bin_key):06d}"})
    assert client.get("/admin/pages/").status_code == 200


@pytest.mark.django_db
def test_staff_who_lost_their_phone_sign_in_once_with_each_recovery_code(client, editor, second_factor_required):
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=editor, name="Lost phone", confirmed=True)
    out = StringIO()
    call_command("recovery_codes", "editor", stdout=out)
    codes = [line.strip() for line in out.getvalue().splitlines()[1:]]
    assert len(codes) == 10 and len(set(codes)) == 10
    signed_in(client, editor).post("/admin/2fa/auth", {"otp_token": codes[0]})
    assert client.get("/admin/pages/").status_code == 200
    client.logout()
    signed_in(client, editor).post("/admin/2fa/auth", {"otp_token": codes[0]})  # used up
    assert client.get("/admin/pages/").status_code == 302


def test_production_requires_a_second_factor_for_staff():
    code = "from django.conf import settings as s; print(s.WAGTAIL_2FA_REQUIRED)"
    assert run_django(code, **PRODUCTION_ENV).stdout.strip() == "True"


def test_site_manager_running_a_management_command_sees_only_its_output():
    result = run_django(
        "from django.core.management import execute_from_command_line as run; run(['manage.py', 'check'])",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert "AXES" not in result.stdout + result.stderr  # django-axes' start-up banner stays quiet
    assert "System check identified no issues" in result.stdout


def app_code(device, steps_ahead=0):
    """The code the user's authenticator app shows now, or that many 30-second steps later."""
    from django_otp.oath import TOTP

    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    code.time = time.time() + steps_ahead * device.step
    return f"{code.token():0{device.digits}d}"


@pytest.fixture
def editor_with_app(editor):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)


def fully_signed_in(client, user, device):
    signed_in(client, user).post("/admin/2fa/auth", {"otp_token": app_code(device)})
    return client


RECOVERY = "/admin/2fa/recovery-codes/"


def codes_on(html):
    return re.findall(r"<code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})</code>", html)


@pytest.mark.django_db
def test_staff_make_new_recovery_codes_in_the_admin_and_their_old_ones_stop_working(
    client, editor, editor_with_app, second_factor_required
):
    out = StringIO()
    call_command("recovery_codes", "editor", stdout=out)
    old = [line.strip() for line in out.getvalue().splitlines()[1:]]
    fully_signed_in(client, editor, editor_with_app)
    assert RECOVERY in client.get("/admin/account/").content.decode()  # offered under their account
    form = client.get(RECOVERY)
    assert form.status_code == 200 and "Make new recovery codes" in form.content.decode()

    wrong = client.post(RECOVERY, {"code": "000000"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()
    assert RecoveryCode.objects.count() == 10 and not codes_on(wrong.content.decode())  # nothing changed

    editor_with_app.refresh_from_db()
    editor_with_app.throttle_reset()  # django-otp made the wrong guess wait; this one waited
    made = client.post(RECOVERY, {"code": app_code(editor_with_app, steps_ahead=1)})  # a code not used yet
    new = codes_on(made.content.decode())
    assert made.status_code == 200 and len(set(new)) == 10 and not set(old) & set(new)
    assert RecoveryCode.objects.count() == 10
    assert "no-store" in made["Cache-Control"]  # shown once, kept by no cache
    assert not codes_on(client.get(RECOVERY).content.decode())  # and never again

    client.logout()
    signed_in(client, editor).post("/admin/2fa/auth", {"otp_token": new[0].upper().replace("-", " ")})
    assert client.get("/admin/pages/").status_code == 200  # typed in capitals with spaces: still the code
    client.logout()
    signed_in(client, editor).post("/admin/2fa/auth", {"otp_token": old[0]})
    assert client.get("/admin/pages/").status_code == 302  # an old code no longer signs in


@pytest.mark.django_db
def test_a_copy_of_the_database_holds_no_recovery_code_as_typed(editor):
    codes = replace_recovery_codes(editor)
    stored = [row for model in (RecoveryCode, StaticToken) for row in model.objects.values_list()]
    assert len(stored) == 10
    assert not [code for code in codes if any(code.replace("-", "") in str(row) for row in stored)]


@pytest.mark.django_db
def test_recovery_codes_made_before_they_were_hashed_still_sign_in_once(client, editor, second_factor_required):
    import importlib

    from django.apps import apps

    device = StaticDevice.objects.create(user=editor, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=device, token="abcd2345")
    importlib.import_module("security.migrations.0002_recovery_codes_as_digests").hash_static_tokens(apps, None)
    assert not StaticToken.objects.exists() and RecoveryCode.objects.count() == 1
    signed_in(client, editor).post("/admin/2fa/auth", {"otp_token": "abcd2345"})
    assert client.get("/admin/pages/").status_code == 200


@pytest.mark.django_db
def test_staff_without_an_authenticator_are_asked_to_set_it_up_before_recovery_codes(client, editor):
    signed_in(client, editor)
    page = client.get(RECOVERY).content.decode()
    assert "Set up an authenticator app" in page and "/admin/2fa/devices/new" in page
    assert client.post(RECOVERY, {"code": "123456"}).status_code == 200
    assert not RecoveryCode.objects.exists()


@pytest.mark.django_db
def test_staff_who_skipped_their_second_factor_enter_it_before_making_recovery_codes(client, editor, editor_with_app):
    # Even where the admin does not insist on the second factor, making codes does.
    response = signed_in(client, editor).post(RECOVERY, {"code": app_code(editor_with_app)})
    assert response.status_code == 302 and response["Location"].startswith("/admin/2fa/auth")
    assert not RecoveryCode.objects.exists()
