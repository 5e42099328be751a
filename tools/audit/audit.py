"""`make audit`: Lighthouse on the home page, the blog index and the guide of a production-like local server.

Production-like: the profile tools/prodserver.py serves (DEBUG off, gunicorn, images, the demo content in
a throwaway database). Prints the four category scores, the layout shift (CLS) and the largest paint (LCP)
per page, and fails unless SEO is 100 and nothing shifts (CLS 0: every image carries its width and height).
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.prodserver import production_server

AUDIT_DIR = Path(__file__).resolve().parent
LIGHTHOUSE = AUDIT_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
PAGES = {"Home": "/", "Blog index": "/blog/", "Guide": "/blog/is-ketamine-therapy-right-for-me/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


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


def main():
    failures = []
    with (
        production_server("audit", env={"CHROME_PATH": CHROME_PATH}) as (base, env),
        tempfile.TemporaryDirectory() as tmp,
    ):
        report_line(
            f"{'Page':<12} {'Performance':>12} {'Accessibility':>14} {'Best practices':>15} {'SEO':>5}"
            f" {'CLS':>6} {'LCP':>8}"
        )
        for name, path in PAGES.items():
            report_path = Path(tmp) / "report.json"
            run_lighthouse(base + path, report_path, env)
            report = json.loads(report_path.read_text())
            scores = {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}
            cls = report["audits"]["cumulative-layout-shift"]["numericValue"]
            lcp = report["audits"]["largest-contentful-paint"]["numericValue"]
            report_line(
                f"{name:<12} {scores['performance']:>12} {scores['accessibility']:>14} "
                f"{scores['best-practices']:>15} {scores['seo']:>5} {cls:>6.3f} {lcp / 1000:>7.1f}s"
            )
            for key in CATEGORIES:
                if scores[key] < 100:
                    report_line(f"    {key} loses points on: {', '.join(failing_audits(report, key))}")
            if scores["seo"] < 100:
                failures.append(f"{name}: SEO {scores['seo']}")
            if cls > 0:
                failures.append(f"{name}: layout shift {cls:.3f}")
    if failures:
        sys.exit("Audit failed on " + "; ".join(failures))


if __name__ == "__main__":
    main()
