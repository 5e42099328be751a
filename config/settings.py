"""Django settings for the clinic site.

This is the one module that reads the environment. A fresh checkout runs with nothing set
(SQLite, local-memory cache, media on disk) as long as DEBUG is on; a production deploy
(DEBUG off) refuses to start without SECRET_KEY and ALLOWED_HOSTS. See the README's table.

A developer checkout may keep variables in `.env` (git-ignored; `make install` writes one with DEBUG=1);
real environment variables always win over it, and ENV_FILE names another file or none.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(os.environ.get("ENV_FILE", BASE_DIR / ".env"), override=False)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or list(default)


def _missing(name):
    raise ImproperlyConfigured(f"Set the {name} environment variable (required when DEBUG is off).")


DEBUG = env_bool("DEBUG", default=False)

# Only ever used with DEBUG on, so a leaked copy of this repository unlocks nothing.
DEV_SECRET_KEY = "dev-only-insecure-key-never-used-with-debug-off"
SECRET_KEY = os.environ.get("SECRET_KEY") or (DEV_SECRET_KEY if DEBUG else _missing("SECRET_KEY"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else ())
if not ALLOWED_HOSTS:
    _missing("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "serving",
    "home",
    "seo",
    "site_pages",
    "clinical_review",
    "blog",
    "booking",
    "demo",
    "team",
    "wagtail_honeypot",
    "django_ratelimit",
    "django_tasks_db",
    "search",
    "security",
    "csp",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtailcache",
    "wagtailseo",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# Order (issue #10's page cache; keep it when adding middleware):
# - WhiteNoise early: static files skip everything below it.
# - CdnCacheControl, ConditionalGet and UpdateCache wrap the page cache, so what they do applies to cached
#   pages too: CDN headers, ETag and 304, and storing what the view made.
# - GZip inside the cache: a page is compressed once, and stored compressed (Vary: Accept-Encoding).
# - FetchFromCache right inside UpdateCache: a hit skips sessions, users, the Site lookup and redirects,
#   whose effects the kept copy already carries. It cannot ask for request.user there, so a request with
#   the session cookie (every signed-in editor) and Wagtail's preview requests are never served from it,
#   nor stored (serving/wagtail_hooks.py).
#   Middleware that must run for every visitor, cached or not (security headers), goes above UpdateCache.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after SecurityMiddleware, so error pages and WhiteNoise's files get the headers too.
    "security.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "security.middleware.FormCharsetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "serving.middleware.CdnCacheControlMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "serving.page_cache.LimitedLifetimeUpdateCacheMiddleware",  # wagtail-cache's, capped by lifetime_limit
    "wagtailcache.cache.FetchFromCacheMiddleware",
    "serving.middleware.BreachSafeGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Before anything that asks which Site a request is for (redirects, Wagtail's serve view).
    "serving.shared_lookups.CachedSiteMiddleware",
    # SEO: /Blog/ redirects to /blog/. Listed before Wagtail's redirects so that theirs are tried first.
    "seo.middleware.CaseInsensitivePageRedirectMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# DATABASE_URL=postgres://user@host:5432/name switches to PostgreSQL; unset means SQLite on disk.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a busy database instead of failing, and take the write lock up front so two threads
    # (runserver, live-server tests) never deadlock upgrading a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # A database that is down or hung must cost a request seconds, not a worker for half a minute:
    # the request then gets the error page as a 503 with Retry-After (serving/errors.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": int(os.environ.get("DB_CONNECT_TIMEOUT", "3")),
            "options": f"-c statement_timeout={int(os.environ.get('DB_STATEMENT_TIMEOUT_MS', '5000'))}",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches (issue #10) -------------------------------------------------------------------------
# REDIS_URL=redis://host:6379/0 gives every app server one shared cache; unset means per-process memory.
# A Redis outage is never an outage of the site: every cache error is a miss (IGNORE_EXCEPTIONS), each
# command waits at most REDIS_TIMEOUT seconds, and after a failure the process stops trying for a few
# seconds (serving/redis.py). The booking rate limit has its own alias that does raise, so its own
# policy (booking/rate_limit.py: fail open, log a warning) decides what an outage means for it.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.5"))


def redis_cache(url, prefix, ignore_errors=True):
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_TIMEOUT,
            "IGNORE_EXCEPTIONS": ignore_errors,
            "CONNECTION_POOL_CLASS": "serving.redis.FailFastConnectionPool",
        },
    }


if REDIS_URL:
    CACHES = {
        "default": redis_cache(REDIS_URL, "clinic"),
        "ratelimit": redis_cache(REDIS_URL, "clinic-ratelimit", ignore_errors=False),
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
    }
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
RATELIMIT_USE_CACHE = "ratelimit"

# --- Full-page cache (issue #10) -----------------------------------------------------------------
# wagtail-cache keeps whole anonymous GET/HEAD responses; serving/purge.py clears them on publish,
# unpublish, move, delete and edits to settings, snippets, images and redirects; serving/wagtail_hooks.py
# keeps out anything that sets a cookie (CSRF tokens), search results and the admin.
# Off by default with DEBUG, so a developer's template edits show at once.
PAGE_CACHE = env_bool("PAGE_CACHE", default=not DEBUG)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
WAGTAIL_CACHE = PAGE_CACHE
WAGTAIL_CACHE_BACKEND = "pages"
if REDIS_URL:
    CACHES["pages"] = redis_cache(REDIS_URL, "clinic-pages") | {"BACKEND": "serving.page_cache.RedisPageCache"}
else:
    CACHES["pages"] = {"BACKEND": "serving.page_cache.MemoryPageCache", "LOCATION": "pages"}
CACHES["pages"]["TIMEOUT"] = PAGE_CACHE_SECONDS
# Template fragments ({% wagtailcache %} / {% wagtailpagecache %}: the head's meta tags, the header, the
# footer, an article) live in the same store as the pages, so every purge that drops a page drops its
# fragments too, on every app server. They are kept whether or not whole pages are: a page rendered for a
# visitor the page cache cannot serve reuses them. Wagtail's tags skip them in previews. Off by default
# with DEBUG, like the page cache, so template edits show at once.
FRAGMENT_CACHE = env_bool("FRAGMENT_CACHE", default=not DEBUG)
if FRAGMENT_CACHE:
    CACHES["template_fragments"] = dict(CACHES["pages"])
else:
    CACHES["template_fragments"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
# What CDNs and browsers are told (serving/middleware.py): browsers revalidate, CDNs keep pages this long.
CDN_CACHE_SECONDS = int(os.environ.get("CDN_CACHE_SECONDS", "600"))
CDN_STALE_SECONDS = int(os.environ.get("CDN_STALE_SECONDS", "60"))
# FRONTEND_CACHE_PURGE_URL=http://127.0.0.1:6081 sends an HTTP PURGE for each published page to that
# cache (Varnish, nginx, a CDN's purge endpoint); each waits FRONTEND_CACHE_TIMEOUT seconds at most.
FRONTEND_CACHE_TIMEOUT = float(os.environ.get("FRONTEND_CACHE_TIMEOUT", "2"))
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["cdn"] = {
        "BACKEND": "serving.frontend_cache.TimeoutHTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # 12 characters: the admin holds patients' requests (issue #11).
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Winnipeg")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at fixed root addresses (/favicon.ico, /apple-touch-icon.png); WhiteNoise serves them.
WHITENOISE_ROOT = BASE_DIR / "webroot"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# With DEBUG off, media is nginx's job (deploy/) or object storage's. SERVE_MEDIA=1 lets the app serve image
# renditions from MEDIA_ROOT itself, for the production profile on one machine (`make serve`).
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Media in object storage (issue #10) ----------------------------------------------------------
# S3_BUCKET=clinic-media stores uploads (images, renditions, documents) in an S3-compatible bucket through
# django-storages instead of MEDIA_ROOT, so any number of app servers share them. Image URLs point at the
# bucket (or S3_CUSTOM_DOMAIN, a CDN in front of it) without signatures: renditions are public. Documents
# are streamed through Wagtail's view, which applies collection privacy, never linked in the bucket.
if os.environ.get("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=2592000, immutable"},
        },
    }
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Email (issue #11; security/checks.py) ------------------------------------------------------------------
# EMAIL_URL=submission://user:password@smtp.example.com:587 (SMTP with STARTTLS; smtp://...:465?ssl=True for
# implicit TLS) sets everything at once (dj-email-url), or set
# EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL one by one.
# With neither, emails print to the console, which `check --deploy` refuses with DEBUG off: it would write
# password-reset links into the server log.
_EMAIL = dj_email_url.parse(os.environ["EMAIL_URL"]) if os.environ.get("EMAIL_URL") else {}
if _EMAIL and not _EMAIL.get("EMAIL_BACKEND"):
    raise ImproperlyConfigured("EMAIL_URL has an unknown scheme: use submission://, smtp:// or console://.")
EMAIL_BACKEND = _EMAIL.get("EMAIL_BACKEND") or os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = _EMAIL.get("EMAIL_HOST") or os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(_EMAIL.get("EMAIL_PORT") or os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = _EMAIL.get("EMAIL_HOST_USER") or os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _EMAIL.get("EMAIL_HOST_PASSWORD") or os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _EMAIL.get("EMAIL_USE_TLS") or env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = _EMAIL.get("EMAIL_USE_SSL") or env_bool("EMAIL_USE_SSL")
# A hung relay holds the sender (the task worker) at most this long; never more than 10 seconds.
EMAIL_TIMEOUT = min(float(_EMAIL.get("EMAIL_TIMEOUT") or os.environ.get("EMAIL_TIMEOUT", "10")), 10.0)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "clinic@example.com")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Backends that deliver nothing to a person; password resets are offered only with a real one.
DEVELOPMENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
WAGTAIL_PASSWORD_RESET_ENABLED = EMAIL_BACKEND not in DEVELOPMENT_EMAIL_BACKENDS

# --- Background tasks (django-tasks; booking/tasks.py) --------------------------------------------------------
# Wagtail's own tasks (search and reference index) run in the request, as before ("default"). The booking
# notification goes to "email", enqueued once the request is committed: in production a queue in the database
# (django-tasks-db) that `manage.py db_worker --backend email` empties (deploy/systemd/clinic-tasks.service), so
# a slow or hung relay never holds a visitor's request. EMAIL_QUEUE=immediate (the default with DEBUG on)
# sends it in the request right after the commit instead, with no worker to run.
EMAIL_QUEUE = os.environ.get("EMAIL_QUEUE", "immediate" if DEBUG else "database")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if EMAIL_QUEUE not in _TASK_BACKENDS:
    raise ImproperlyConfigured("EMAIL_QUEUE must be database or immediate.")
# The same worker makes the common renditions of an uploaded image (queue "renditions", site_pages/renditions.py).
TASKS = {
    "default": {"BACKEND": _TASK_BACKENDS["immediate"]},
    "email": {"BACKEND": _TASK_BACKENDS[EMAIL_QUEUE], "QUEUES": ["default", "renditions"]},
}

# Booking: consultation requests are deleted by `manage.py purge_submissions` after this many days.
BOOKING_RETENTION_DAYS = int(os.environ.get("BOOKING_RETENTION_DAYS", "90"))
# Requests one IP address may send, e.g. "5/h" (django-ratelimit's rate syntax).
BOOKING_RATE_LIMIT = os.environ.get("BOOKING_RATE_LIMIT", "5/h")
BOOKING_MESSAGE_MAX_LENGTH = 1000  # characters in a multi-line field; Wagtail sets no limit of its own
# See booking/rate_limit.py and booking/checks.py for why the limit fails open and which cache check applies.
RATELIMIT_FAIL_OPEN = True
# Behind proxies every request comes from the nearest proxy's address: TRUSTED_PROXY_COUNT says how many
# proxies append to the client address header, whose META key is CLIENT_IP_HEADER (security/client_ip.py).
CLIENT_IP_HEADER = os.environ.get("RATELIMIT_IP_META_KEY") or "HTTP_X_FORWARDED_FOR"
TRUSTED_PROXY_COUNT = int(
    os.environ.get("TRUSTED_PROXY_COUNT") or (1 if os.environ.get("RATELIMIT_IP_META_KEY") else 0)
)
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
HONEYPOT_ENABLED_DEFAULT = True
# The form's signed time stamp (booking/honeypot.py): sent at least this many seconds after loading the
# form, and at most HONEYPOT_MAX_AGE after (a cached booking page must expire sooner than that).
HONEYPOT_TIME_INTERVAL = 3
HONEYPOT_MAX_AGE = int(os.environ.get("HONEYPOT_MAX_AGE", str(12 * 60 * 60)))

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Clearwater Mind Clinic")
# --- Public origin (issue #10) ---------------------------------------------------------------------
# SITE_URL=https://clinic.example.org is the one address the public site has. The default Site record
# follows it on every `migrate` (serving/site_url.py), so canonical, og:url, JSON-LD, the sitemap,
# robots.txt and feeds use it; links in emails use WAGTAILADMIN_BASE_URL, which defaults to it.
# `check --deploy` fails while it is unset, not https, or points at this machine (serving/checks.py).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or SITE_URL or "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# --- Uploads (issue #11; security/uploads.py) -------------------------------------------------------------
# Every upload path (single, multiple, the page editor's chooser) uses these forms: each image is decoded
# once during validation, so a damaged or disguised file is a form error. No SVG (it can carry script);
# no more than 40 million pixels, read from the header before decoding. Documents: PDF only, 10 MB.
WAGTAILIMAGES_IMAGE_FORM_BASE = "security.uploads.ImageForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "security.uploads.DocumentForm"
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff avatars are uploads or Wagtail's default: no email hashes sent to gravatar.com.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Live blog and service pages whose last clinical review is older than this appear in the admin's
# "Due for clinical review" report.
CLINICAL_REVIEW_INTERVAL_MONTHS = int(os.environ.get("CLINICAL_REVIEW_INTERVAL_MONTHS", "12"))
# An approved workflow publishes the page itself, so approvers need no Publish permission of their own.
WAGTAIL_FINISH_WORKFLOW_ACTION = "clinical_review.workflows.publish_workflow_state"
# A moved page or changed slug leaves a permanent redirect from its old URL (Wagtail's default, made explicit).
WAGTAILREDIRECTS_AUTO_CREATE = True
# "About us | Clearwater Mind Clinic": wagtail-seo joins a page title and the clinic name with this.
WAGTAILSEO_SEP = "|"

# /.well-known/security.txt (RFC 9116): where to report a vulnerability, and until when that holds.
SECURITY_TXT_CONTACT = os.environ.get("SECURITY_TXT_CONTACT", "mailto:security@example.com")
SECURITY_TXT_EXPIRES = os.environ.get("SECURITY_TXT_EXPIRES", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Background tasks (search indexing, reference index) log every run at INFO.
    "loggers": {"django_tasks": {"level": "WARNING"}, "django.tasks": {"level": "WARNING"}},
}

if not DEBUG:
    # Behind a TLS-terminating proxy or CDN that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    # Opt-in: both commit every subdomain of the clinic's domain to HTTPS, preload for years.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    # Deliberately opt-in (above), so the deploy check's reminders to turn them on are silenced.
    SILENCED_SYSTEM_CHECKS += ["security.W005", "security.W021"]
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# --- Security headers (security/middleware.py) ---------------------------------------------------------------
# Public pages: nothing inline, nothing from elsewhere, no nonces (pages are cached whole). Media may live on
# another origin (object storage); MEDIA_URL then names it.
_MEDIA_ORIGIN = ["/".join(MEDIA_URL.split("/")[:3])] if MEDIA_URL.startswith(("https://", "http://")) else []
PUBLIC_CSP_DIRECTIVES = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", *_MEDIA_ORIGIN],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "manifest-src": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
}
# Wagtail's admin uses inline scripts and styles, data: and blob: images, and frames its own previews.
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *_MEDIA_ORIGIN],
    "font-src": ["'self'", "data:"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'self'"],
}
ADMIN_PATH_PREFIX = "/admin/"
# CSP_REPORT_ONLY=1 sends the same policies as Content-Security-Policy-Report-Only, for a careful rollout;
# CSP_REPORT_URI names where browsers send violation reports.
_CSP_POLICY = {"DIRECTIVES": PUBLIC_CSP_DIRECTIVES}
if os.environ.get("CSP_REPORT_URI"):
    for _directives in (PUBLIC_CSP_DIRECTIVES, ADMIN_CONTENT_SECURITY_POLICY):
        _directives["report-uri"] = [os.environ["CSP_REPORT_URI"]]
if env_bool("CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY = None, _CSP_POLICY
else:
    CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP_POLICY, None
# Nothing on the site uses these browser features; an injected script or frame cannot either.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment", "picture-in-picture",
        "publickey-credentials-get", "screen-wake-lock", "serial", "sync-xhr", "usb", "xr-spatial-tracking",
    ]
}  # fmt: skip

# --- Admin sign-in (issue #11) ---------------------------------------------------------------------------------
# django-axes locks a user name at one address out after AXES_FAILURE_LIMIT wrong passwords, on every form
# that signs in through Django (/admin/login/ and Wagtail's /_util/login/), for AXES_COOLOFF_MINUTES.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last, as django-axes requires
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "security.client_ip.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2"]
AXES_ALLOWED_CORS_ORIGINS = "null"  # lockout answers to scripts are for this site only
AXES_VERBOSE = False  # otherwise every manage.py command starts with an "AXES: BEGIN version" banner
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # existing hashes still verify, then upgrade
]
# Staff stay signed in for one working day at most, not Django's two weeks.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
# A second factor (TOTP, wagtail-2fa on django-otp) for every admin user in production; recovery codes are
# django-otp static tokens (`manage.py recovery_codes USERNAME`). WAGTAIL_2FA_REQUIRED=0 turns it off (tests).
INSTALLED_APPS += ["wagtail_2fa", "django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "wagtail_2fa.middleware.VerifyUserMiddleware",
)
WAGTAIL_2FA_REQUIRED = env_bool("WAGTAIL_2FA_REQUIRED", default=not DEBUG)
WAGTAIL_2FA_OTP_TOTP_NAME = WAGTAIL_SITE_NAME
