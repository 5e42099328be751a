"""`make audit`: Lighthouse on the home page, the blog index and the guide of a production-like local server.

Production-like: DEBUG off, collected static files served by WhiteNoise under gunicorn, the demo content
in a throwaway SQLite database. Prints the four category scores per page and fails unless SEO is 100.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AUDIT_DIR = Path(__file__).resolve().parent
PYTHON = ROOT / ".venv" / "bin" / "python"
LIGHTHOUSE = AUDIT_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
PAGES = {"Home": "/", "Blog index": "/blog/", "Guide": "/blog/is-ketamine-therapy-right-for-me/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
POINT_SITE_AT_PORT = (
    "from wagtail.models import Site; site = Site.objects.get(is_default_site=True); "
    "site.hostname, site.port = '127.0.0.1', {port}; site.save()"
)


def report_line(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def failing_audits(report, category):
    ids = {ref["id"] for ref in report["categories"][category]["auditRefs"] if ref["weight"]}
    scores = {audit_id: report["audits"][audit_id].get("score") for audit_id in ids}
    return sorted(audit_id for audit_id, score in scores.items() if score is not None and score < 1)


def run_lighthouse(url, report_path, env, attempts=3):
    # On a busy machine Chromium sometimes fails to record the trace (NO_NAVSTART); a rerun succeeds.
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report_path}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    for attempt in range(1, attempts + 1):
        if subprocess.run(command, env=env).returncode == 0:
            return
        report_line(f"    Lighthouse failed on {url} (attempt {attempt} of {attempts})")
    raise SystemExit(f"Lighthouse could not audit {url}")


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
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="clinic-audit-") as tmp:
        env = {
            **os.environ,
            "DEBUG": "",
            "SECRET_KEY": "audit-only-key-for-a-throwaway-local-server",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{tmp}/audit.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            # Plain HTTP on 127.0.0.1: there is no TLS proxy in front of this server.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "CHROME_PATH": CHROME_PATH,
            "LOG_LEVEL": "WARNING",
        }
        manage = [str(PYTHON), "manage.py"]
        for command in (
            ["migrate", "--no-input", "-v0"],
            ["load_demo_content"],
            ["collectstatic", "--no-input", "-v0"],
        ):
            subprocess.run(manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        # Canonical URLs, the sitemap and robots.txt name the Wagtail site's host: make it this server.
        subprocess.run(
            manage + ["shell", "-c", POINT_SITE_AT_PORT.format(port=port)],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "config.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/")
            failures = []
            report_line(f"{'Page':<12} {'Performance':>12} {'Accessibility':>14} {'Best practices':>15} {'SEO':>5}")
            for name, path in PAGES.items():
                report_path = Path(tmp) / "report.json"
                run_lighthouse(base + path, report_path, env)
                report = json.loads(report_path.read_text())
                scores = {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}
                report_line(
                    f"{name:<12} {scores['performance']:>12} {scores['accessibility']:>14} "
                    f"{scores['best-practices']:>15} {scores['seo']:>5}"
                )
                for key in CATEGORIES:
                    if scores[key] < 100:
                        report_line(f"    {key} loses points on: {', '.join(failing_audits(report, key))}")
                if scores["seo"] < 100:
                    failures.append(f"{name}: SEO {scores['seo']}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    if failures:
        sys.exit("SEO below 100 on " + "; ".join(failures))


if __name__ == "__main__":
    main()
