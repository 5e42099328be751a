"""gunicorn's configuration for `make serve` and the systemd unit (deploy/clinic-web.service).

Sync workers: the site is CPU-bound rendering and short database queries, with no long-polling.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# Longer than the database's connect and statement timeouts, so those answer first, with a 503.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never grows into an outage.
max_requests = 5000
max_requests_jitter = 500
# Load the application once and fork: workers share its memory and start fast.
preload_app = True
# Errors to stderr (journald under systemd). No access log by default: the proxy in front keeps one.
errorlog = "-"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The `Server` header every response carries, instead of "gunicorn" (on_starting below).
SERVER_HEADER = "web"


def on_starting(server):
    """Responses name no server software (gunicorn's own `Server: gunicorn`): one fingerprint less for scanners.

    gunicorn has no setting for this header; every response copies this module value when it is made, and
    workers fork from the master after this hook, so they all inherit it.
    """
    import gunicorn.http.wsgi

    gunicorn.http.wsgi.SERVER = SERVER_HEADER
