"""`make screenshots`: PNGs of every page type at 390 px and 1366 px wide, on the production profile.

The production profile comes from tools/prodserver.py (DEBUG off, gunicorn, the demo content in a
throwaway database). Debian's Chromium, driven by Playwright, loads each page as a visitor would;
full-page PNGs land in test-artifacts/screenshots/<width>/<page>.png.
"""

import os
import sys

from playwright.sync_api import sync_playwright

from tools.prodserver import ROOT, production_server

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


def main():
    port = int(os.environ.get("SCREENSHOTS_PORT") or 0) or None
    with production_server("screenshots", port=port, workers=2) as (base, _env):
        shoot(base)


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
