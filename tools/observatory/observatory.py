"""`make observatory`: the MDN HTTP Observatory's own scanner grades the production profile over TLS.

The demo site in a throw-away SQLite database is served by gunicorn (deploy/gunicorn.conf.py, DEBUG off)
behind deploy/nginx/clinic.conf with TLS added on a free 127.0.0.1 port, for the host name `localhost`
and a certificate made for this run. The scanner (@mdn/mdn-http-observatory, pinned in package.json
here) trusts that certificate through NODE_EXTRA_CA_CERTS, as a browser would trust a real one.

The scanner asks for http:// and https:// of one host name on the default ports and has no port or path
option; it builds both addresses as `scheme://` + the name it is given, so it is given
`localhost:PORT/path/`. nginx answers plain HTTP on that TLS port with a 301 to https (error_page 497),
which is what port 80 does in front of a real site. Every one of its tests and its grading run as
published. Exits non-zero unless home, guide and booking all grade A+.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tools.prodserver import free_port

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
SCANNER = HERE / "node_modules" / "@mdn" / "mdn-http-observatory" / "src" / "scan.js"
PAGES = {
    "home": "/",
    "guide": "/blog/is-ketamine-therapy-right-for-me/",
    "booking": "/book-a-consultation/",
}


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def certificate(work):
    """A certificate for `localhost`, made for this run only; the scanner is told to trust it."""
    cert, key = work / "localhost.pem", work / "localhost.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"]
        + ["-keyout", str(key), "-out", str(cert), "-addext", "subjectAltName=DNS:localhost"]
        + ["-addext", "basicConstraints=critical,CA:TRUE"],
        check=True,
        capture_output=True,
    )
    return cert, key


def nginx_conf(work, port, app_port, cert, key):
    site = (ROOT / "deploy" / "nginx" / "clinic.conf").read_text()
    for deployed, here in [
        ("/srv/clinic/staticfiles/", f"{ROOT}/staticfiles/"),
        ("/srv/clinic/media/", f"{work}/media/"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("server_name clinic.example.org;", "server_name localhost;"),
        (
            "listen 80;",
            f"listen 127.0.0.1:{port} ssl;\n    ssl_certificate {cert};\n    ssl_certificate_key {key};\n"
            # Plain HTTP to this port: redirected to https, as port 80 of a real deployment does.
            "    error_page 497 =301 https://$host:$server_port$request_uri;",
        ),
    ]:
        if deployed not in site:
            raise SystemExit(f"deploy/nginx/clinic.conf changed: {deployed!r} not found")
        site = site.replace(deployed, here)
    (work / "site.conf").write_text(site)
    (work / "nginx.conf").write_text(
        f"worker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/nginx-error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ include /etc/nginx/mime.types; access_log off; client_body_temp_path {work}/body;"
        f" proxy_temp_path {work}/proxy; include {work}/site.conf; }}\n"
    )
    return work / "nginx.conf"


def wait_for(url, cert, seconds=90):
    import ssl

    context = ssl.create_default_context(cafile=str(cert))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5, context=context) as response:
                return response.status
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer {url}")


def scan(target, cert):
    result = subprocess.run(
        ["node", str(SCANNER), target],
        env=os.environ | {"NODE_EXTRA_CA_CERTS": str(cert)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"scanner failed on {target}: {result.stdout[-500:]} {result.stderr[-2000:]}") from None


def main():
    for tool in ("nginx", "openssl", "node"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} not found: `make observatory` needs Debian's nginx, openssl and Node 20")
    if not SCANNER.exists():
        raise SystemExit("scanner missing: run `make observatory` (it runs npm ci in tools/observatory)")
    preload = SCANNER.parents[1] / "conf" / "hsts-preload.json"
    if not preload.exists():
        # The package's install script downloads Chromium's HSTS preload list; installed without scripts, an
        # empty list stands in. It only matters for names on that list, and `localhost` is not one.
        preload.write_text("{}")
        say("HSTS preload list not downloaded: an empty one stands in (localhost is not preloaded)")
    work = Path(tempfile.mkdtemp(prefix="clinic-observatory-"))
    port, app_port = free_port(), free_port()
    origin = f"https://localhost:{port}"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DEBUG="0",
        ENV_FILE=os.devnull,
        SECRET_KEY="observatory-only-secret-key-not-for-any-deployment-0123456789",
        ALLOWED_HOSTS="localhost",
        SITE_URL=origin,
        DATABASE_URL=f"sqlite:///{work / 'observatory.sqlite3'}",
        MEDIA_ROOT=str(work / "media"),
        EMAIL_QUEUE="immediate",
        LOG_LEVEL="WARNING",
        GUNICORN_BIND=f"127.0.0.1:{app_port}",
        WEB_CONCURRENCY="2",
    )
    say(f"Preparing the demo site in {work} ...")
    for command in (["migrate", "--no-input", "-v0"], ["load_demo_content"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    cert, key = certificate(work)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    conf = nginx_conf(work, port, app_port, cert, key)
    app = subprocess.Popen([GUNICORN, "-c", "deploy/gunicorn.conf.py", "config.wsgi"], cwd=ROOT, env=env)
    proxy = subprocess.Popen([nginx, "-p", str(work), "-c", str(conf), "-g", "daemon off;"])
    failed = []
    try:
        wait_for(origin + "/", cert)
        say(f"MDN HTTP Observatory {scanner_version()} on {origin} (nginx + gunicorn, DEBUG off)")
        for label, path in PAGES.items():
            report = scan(f"localhost:{port}{path}", cert)
            if "error" in report:
                raise SystemExit(f"{label}: {report['error']}")
            grade, score = report["scan"]["grade"], report["scan"]["score"]
            misses = [f"{name}: {test['result']}" for name, test in report["tests"].items() if not test["pass"]]
            say(
                f"  {label:<8} {grade:<3} {score:>3}/100  HTTP {report['scan']['statusCode']}  "
                f"passed {report['scan']['testsPassed']}"
                f"/{report['scan']['testsQuantity']}" + (f"  failed: {'; '.join(misses)}" if misses else "")
            )
            for name, test in report["tests"].items():
                if test.get("scoreModifier"):
                    say(f"           {name}: {test['result']} ({test['scoreModifier']:+d})")
            if grade != "A+":
                failed.append(label)
    finally:
        proxy.send_signal(signal.SIGQUIT)
        app.send_signal(signal.SIGTERM)
        proxy.wait(30)
        app.wait(30)
        shutil.rmtree(work, ignore_errors=True)
    if failed:
        raise SystemExit(f"not A+: {', '.join(failed)}")


def scanner_version():
    return json.loads((SCANNER.parents[1] / "package.json").read_text())["version"]


if __name__ == "__main__":
    main()
