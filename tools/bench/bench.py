"""`make bench`: the production profile under load on loopback, paired against one of its static files.

Starts gunicorn (deploy/gunicorn.conf.py, 2 sync workers, DEBUG off) on a free 127.0.0.1 port with the
demo content in a throw-away SQLite database, once with the page cache off and once on (in memory, and
in Redis too when redis-server is installed: its own, on a free port). For each page it runs wrk for a
few seconds, then wrk on the site's CSS file (WhiteNoise), twice, and prints req/s, p50/p99 latency
and the server CPU per request (utime+stime of gunicorn's processes over the run). Every run is bounded
(BENCH_SECONDS, default 5) and sends traffic to 127.0.0.1 only.

"Uncached" is the page cache off: pages are rendered, reusing what is kept between purges (fragments,
routes, Site and settings). With the page cache off, each page is also viewed BENCH_COLD_VIEWS times one
after another, each view right after a purge: the cost of the first visitor after a publish.
"""

import hashlib
import os
import re
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
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
PAGES = {
    "home": "/",
    "guide": "/blog/is-ketamine-therapy-right-for-me/",
    "blog index": "/blog/",
    "booking": "/book-a-consultation/",
}
TICK = os.sysconf("SC_CLK_TCK")
COLD_VIEWS = int(os.environ.get("BENCH_COLD_VIEWS", "40"))


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer {url}")


def cpu_ticks(master_pid):
    """utime+stime of gunicorn's master and workers."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == master_pid or ppid == master_pid:
            total += int(fields[11]) + int(fields[12])
    return total


def settle(url):
    """Wait until the workers have finished what the last run left queued, so runs do not overlap."""
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
    time.sleep(0.5)


def wrk(url, master_pid, connections=CONNECTIONS):
    settle(url)
    before = cpu_ticks(master_pid)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{SECONDS}s", "--timeout", "5s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=SECONDS + 30,
    ).stdout
    cpu_ms = (cpu_ticks(master_pid) - before) * 1000 / TICK
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx.group(1)) if non_2xx else 0

    def latency(p):
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency(50),
        "p99": latency(99),
        "cpu": cpu_ms / max(requests, 1),
        "errors": errors,
    }


def purge_stamp():
    """The file whose touch makes every process of this checkout drop its page cache and fragments
    (serving/page_cache.py MemoryPageCache): what a publish does, without an editor."""
    key = hashlib.sha1(str(ROOT).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"clinic-page-cache-{key}-pages"


def after_purge(url, master_pid, views=COLD_VIEWS):
    """CPU per view when each view follows a purge: the first visitor after a publish, who finds no page,
    fragment, route, Site or settings kept and pays for all of them. Sequential, one view at a time."""
    settle(url)
    stamp = purge_stamp()
    before = cpu_ticks(master_pid)
    started = time.monotonic()
    for _ in range(views):
        stamp.touch()
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
    elapsed = time.monotonic() - started
    return {"cpu": (cpu_ticks(master_pid) - before) * 1000 / TICK / views, "ms": elapsed * 1000 / views}


def start_server(env, port):
    server_env = env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
    process = subprocess.Popen(
        # No worker recycling (the config's max_requests): a recycled worker's CPU time would vanish from the sum.
        [GUNICORN, "-c", "deploy/gunicorn.conf.py", "--max-requests", "0", "config.wsgi"],
        cwd=ROOT,
        env=server_env,
        stderr=subprocess.DEVNULL,
    )
    return process


def run_profile(name, env, rows):
    port = free_port()
    server = start_server(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        html = wait_for(base + "/")
        static = base + re.search(r'href="(/static/css/site[^"]*\.css)"', html).group(1)
        for label, path in PAGES.items():
            for _ in range(2):
                urllib.request.urlopen(base + path, timeout=10).close()  # warm: a running site's steady state
            for round_ in (1, 2):
                page = wrk(base + path, server.pid)
                css = wrk(static, server.pid)
                rows.append((name, label, round_, page, css))
                print_row(*rows[-1])
            if name == "uncached":
                cold = after_purge(base + path, server.pid)
                say(
                    f"  {'after a purge':>14} {label:<10} {COLD_VIEWS} views, each after a purge: "
                    f"CPU {cold['cpu']:5.2f} ms/req, {cold['ms']:.1f} ms each"
                )
            if name != "uncached" and label != "booking":
                at50 = wrk(base + path, server.pid, connections=50)
                say(f"  {name:>14} {label:<10} at 50 connections: p99 {at50['p99']:.1f} ms, errors {at50['errors']}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)


def print_row(name, label, round_, page, css):
    say(
        f"  {name:>14} {label:<10} #{round_}  {page['rps']:8.0f} req/s  p50 {page['p50']:6.1f} ms  "
        f"p99 {page['p99']:6.1f} ms  CPU {page['cpu']:5.2f} ms/req  errors {page['errors']}  | static "
        f"{css['rps']:7.0f} req/s  ratio {page['rps'] / max(css['rps'], 1):.2f}"
    )


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="clinic-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DEBUG="0",
        ENV_FILE=os.devnull,
        SECRET_KEY="bench-only-secret-key-not-for-any-deployment-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SITE_URL="http://127.0.0.1",
        DATABASE_URL=f"sqlite:///{work / 'bench.sqlite3'}",
        MEDIA_ROOT=str(work / "media"),
        LOG_LEVEL="WARNING",
    )
    say(f"Preparing the demo site in {work} ...")
    for command in (["migrate", "--no-input", "-v0"], ["load_demo_content"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    say(f"wrk -t2 -c{CONNECTIONS} -d{SECONDS}s per row; each page run is followed by one on the CSS file.")
    rows = []
    run_profile("uncached", env | {"PAGE_CACHE": "0"}, rows)
    run_profile("cached memory", env | {"PAGE_CACHE": "1"}, rows)
    redis = None
    if shutil.which("redis-server"):
        port = free_port()
        redis = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
            cwd=work,
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        try:
            run_profile("cached Redis", env | {"PAGE_CACHE": "1", "REDIS_URL": f"redis://127.0.0.1:{port}/0"}, rows)
        finally:
            redis.kill()
            redis.wait()
    shutil.rmtree(work, ignore_errors=True)
    errors = sum(page["errors"] for *_, page, _ in rows)
    say(f"errors in all runs: {errors}")


if __name__ == "__main__":
    main()
