"""Test-only overrides, all in one place. Tests run with DEBUG off, as production does."""

import os

# Tests run as production does, whatever a developer's .env says.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Staff sign in without a second factor, except in the tests that turn it on (tests/test_admin_sign_in.py).
os.environ.setdefault("WAGTAIL_2FA_REQUIRED", "false")
# The booking email is sent right after the commit, in the request; tests/test_booking_email.py runs the queue.
os.environ.setdefault("EMAIL_QUEUE", "immediate")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
    "pages": {"BACKEND": "serving.page_cache.MemoryPageCache", "LOCATION": "test-pages"},
}
# Off unless a test turns it on (tests/test_page_cache.py): most tests look at what a page renders.
WAGTAIL_CACHE = env_bool("TEST_PAGE_CACHE", default=False)  # noqa: F405
if os.environ.get("TEST_REDIS_URL"):
    # A second app server started by a test, sharing that test's own Redis.
    CACHES = {
        "default": redis_cache(os.environ["TEST_REDIS_URL"], "t"),  # noqa: F405
        "ratelimit": redis_cache(os.environ["TEST_REDIS_URL"], "t-rl", ignore_errors=False),  # noqa: F405
    }
    CACHES["pages"] = redis_cache(os.environ["TEST_REDIS_URL"], "t-pages") | {  # noqa: F405
        "BACKEND": "serving.page_cache.RedisPageCache"
    }
CACHES["template_fragments"] = dict(CACHES["pages"])  # as in production: kept with the pages, purged with them
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    (BASE_DIR / "test-artifacts").mkdir(exist_ok=True)  # noqa: F405
    # Browser tests run a live server thread beside the test. An in-memory SQLite database would be one
    # connection shared by both threads and by Chromium's parallel requests, which SQLite then locks.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-artifacts" / "test-db.sqlite3")}  # noqa: F405
