"""`make screenshots`: PNGs of every page type at 390 px and 1366 px wide, on the production profile.

The production profile comes from tools/prodserver.py (DEBUG off, gunicorn, the demo content in a
throwaway database). Debian's Chromium, driven by Playwright, loads each page as a visitor would;
full-page PNGs land in test-artifacts/screenshots/<width>/<page>.png. Every image on each page is loaded
(lazy ones too) and checked as a browser paints it; any broken one is named and the run fails.

One browser, one profile per width, as one visitor on a phone and then on a laptop: the laptop's pages
reuse the renditions the phone's already asked for, the case a broken answer to revalidation would show.
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

# Loads every image (lazy ones made eager, as scrolling would, each waited for at most 10 s), then lists
# the broken ones the way a browser paints them: no natural width, or decode() rejects (bytes missing or wrong).
BROKEN_IMAGES = """async () => {
    const images = [...document.images];
    images.forEach(img => { img.loading = "eager"; });
    await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
        img.addEventListener("load", done, {once: true});
        img.addEventListener("error", done, {once: true});
        setTimeout(done, 10000);
    })));
    const broken = [];
    for (const img of images) {
        const decodes = await img.decode().then(() => true, () => false);
        if (!decodes || img.naturalWidth === 0) broken.push(img.currentSrc || img.src);
    }
    return {count: images.length, broken};
}"""


def main():
    port = int(os.environ.get("SCREENSHOTS_PORT") or 0) or None
    with production_server("screenshots", port=port, workers=2) as (base, _env):
        broken = shoot(base)
    if broken:
        sys.stderr.write("Broken images:\n" + "".join(f"  {line}\n" for line in broken))
        sys.exit(1)


def shoot(base):
    """Saves the PNGs; returns each broken image as "<width> px <page path>: <image URL>"."""
    broken = []
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
                images = page.evaluate(BROKEN_IMAGES)
                page.screenshot(path=folder / f"{name}.png", full_page=True)
                broken += [f"{width} px {path}: {src}" for src in images["broken"]]
                sys.stdout.write(
                    f"{width:>5} px  {response.status}  {path:<45} {folder / name}.png"
                    f"  images: {images['count']}, broken: {len(images['broken'])}\n"
                )
            context.close()
        browser.close()
    return broken


if __name__ == "__main__":
    main()
