"""The production profile on a free 127.0.0.1 port, with the demo content, for the tools that look at it.

`make screenshots` and `make audit` both need what a visitor of a fresh deploy would get: DEBUG off,
collected static files served by WhiteNoise under gunicorn, uploaded images' renditions served by the app
(SERVE_MEDIA, as `make serve` does), and the demo content in a throwaway SQLite database and media folder
that disappear afterwards. The Wagtail site points at the server's own address, so canonical URLs, the
sitemap and robots.txt name it.
"""

import contextlib
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
POINT_SITE_AT_PORT = (
    "from wagtail.models import Site; site = Site.objects.get(is_default_site=True); "
    "site.hostname, site.port = '127.0.0.1', {port}; site.save()"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url}")


@contextlib.contextmanager
def production_server(name, port=None, workers=1, env=None):
    """Serve the demo site on the production profile; yields (base URL, the environment it runs with)."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix=f"clinic-{name}-") as tmp:
        server_env = {
            **os.environ,
            **(env or {}),
            "DEBUG": "",
            "SECRET_KEY": f"{name}-only-key-for-a-throwaway-local-server",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": base,
            "DATABASE_URL": f"sqlite:///{tmp}/{name}.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "SERVE_MEDIA": "1",
            "REDIS_URL": "",
            # Plain HTTP on 127.0.0.1: there is no TLS proxy in front of this server.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
        }
        manage = [str(PYTHON), "manage.py"]
        for command in (
            ["migrate", "--no-input", "-v0"],
            ["load_demo_content"],
            ["collectstatic", "--no-input", "-v0"],
            ["shell", "-c", POINT_SITE_AT_PORT.format(port=port)],
        ):
            subprocess.run(manage + command, cwd=ROOT, env=server_env, check=True, stdout=subprocess.DEVNULL)
        server = subprocess.Popen(
            [str(GUNICORN), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers), "--log-level", "warning"],
            cwd=ROOT,
            env=server_env,
        )
        try:
            wait_for(f"{base}/")
            yield base, server_env
        finally:
            server.terminate()
            server.wait(timeout=10)
