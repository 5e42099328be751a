"""`make screenshots`: PNGs of every page type at 390 px and 1366 px wide, on the production profile.

Production profile: DEBUG off, collected static files served by WhiteNoise under gunicorn, the demo
content in a throwaway SQLite database and media folder. Debian's Chromium, driven by Playwright, loads
each page as a visitor would; full-page PNGs land in test-artifacts/screenshots/<width>/<page>.png.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
OUT = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {
    "home": "/",
    "guide": "/blog/is-ketamine-therapy-right-for-me/",
    "blog": "/blog/",
    "topic": "/blog/topic/ketamine-therapy/",
    "service": "/ketamine-therapy/",
    "clinician": "/team/maya-ellison/",
    "team": "/team/",
    "booking": "/book-a-consultation/",
    "thank-you": "/book-a-consultation/thank-you/",
    "search": "/search/?query=ketamine",
    "404": "/no-such-page/",
}
WIDTHS = {390: 844, 1366: 900}
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


def main():
    port = int(os.environ.get("SCREENSHOTS_PORT") or free_port())
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="clinic-screenshots-") as tmp:
        env = {
            **os.environ,
            "DEBUG": "",
            "SECRET_KEY": "screenshots-only-key-for-a-throwaway-local-server",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": base,
            "DATABASE_URL": f"sqlite:///{tmp}/screenshots.sqlite3",
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
            subprocess.run(manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for(f"{base}/")
            shoot(base)
        finally:
            server.terminate()
            server.wait(timeout=10)


def shoot(base):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in WIDTHS.items():
            folder = OUT / str(width)
            folder.mkdir(parents=True, exist_ok=True)
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name, path in PAGES.items():
                response = page.goto(base + path, wait_until="networkidle")
                # Lazy images below the fold load only when scrolled to; a full-page shot should show them.
                page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
                # The page is already idle, so networkidle returns at once: wait until every image has loaded.
                for _ in range(50):
                    if page.evaluate("Array.from(document.images).every(img => img.complete)"):
                        break
                    page.wait_for_timeout(100)
                page.screenshot(path=folder / f"{name}.png", full_page=True)
                sys.stdout.write(f"{width:>5} px  {response.status}  {path:<45} {folder / name}.png\n")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
