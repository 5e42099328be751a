"""Settings come from the environment: safe defaults for a fresh clone, strict ones in production."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "x9!kq2Lr#v8Zp4Tn6Yw0Bm3Hc7Jd1Fg5Sa-Qe2Ru8Io4Pl6Kj9Uh3Ny7Gt1Xb5Vc0",
    "ALLOWED_HOSTS": "clinic.example.com",
    "DATABASE_URL": f"sqlite:///{ROOT / 'test-artifacts' / 'deploy-check.sqlite3'}",
    # Production shares one Redis cache (the booking rate limit requires it); the check does not connect.
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    # A real mail relay: the console backend would fail the deploy check (it logs password-reset links).
    "EMAIL_URL": "submission://clinic:secret@smtp.example.com:587",
    "SITE_URL": "https://clinic.example.com",
}


def run_django(code, **env):
    """Import the real settings in a fresh interpreter with exactly this environment."""
    # Also drop what other tests set for themselves (browser tests allow sync ORM calls beside Playwright).
    read_by_settings = {
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "SITE_URL",
        "WAGTAILADMIN_BASE_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    prefixes = ("SECURE_", "EMAIL_", "CSP_", "AXES_", "TRUSTED_PROXY", "WAGTAIL_2FA_")
    clean = {k: v for k, v in os.environ.items() if k not in read_by_settings and not k.startswith(prefixes)}
    # ENV_FILE=/dev/null: a developer's .env must not leak into what these tests check.
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings", ENV_FILE=os.devnull)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_production_settings_pass_the_deploy_check():
    result = run_django(
        "import sys; from django.core.management import execute_from_command_line as run; "
        "sys.argv = ['manage.py', 'check', '--deploy', '--fail-level', 'WARNING']; run(sys.argv)",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION_ENV)
    del env["SECRET_KEY"]
    result = run_django("import django; django.setup()", **env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = dict(PRODUCTION_ENV)
    del env["ALLOWED_HOSTS"]
    result = run_django("import django; django.setup()", **env)
    assert "Set the ALLOWED_HOSTS environment variable" in result.stderr


def test_fresh_clone_runs_on_sqlite_and_local_memory_cache():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.ALLOWED_HOSTS)",
        DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert "sqlite3 django.core.cache.backends.locmem.LocMemCache" in result.stdout
    assert "'*'" not in result.stdout


def test_database_and_cache_urls_switch_to_postgresql_and_redis():
    result = run_django(
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['HOST'], s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'])",
        DEBUG="1",
        DATABASE_URL="postgres://clinic@db.internal:5432/clinic",
        REDIS_URL="redis://cache.internal:6379/1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "clinic",
        "db.internal",
        "django_redis.cache.RedisCache",
        "redis://cache.internal:6379/1",
    ]
