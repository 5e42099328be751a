"""Draw the site's bitmap icons from the same shapes as static/images/favicon.svg.

Browsers and phones ask for /favicon.ico and /apple-touch-icon.png at the site root whatever the page
says; WhiteNoise serves them from webroot/ (WHITENOISE_ROOT). Run again after changing the mark:

    .venv/bin/python tools/brand_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

WEBROOT = Path(__file__).resolve().parent.parent / "webroot"
BRAND = (15, 76, 92)  # --color-brand in static/css/site.css
PAPER = (251, 250, 247)  # --color-bg


def draw_mark(size, rounded=True):
    """The clinic's mark on a 32-unit grid, drawn at `size` pixels (supersampled for smooth edges)."""
    scale = size * 4 / 32
    image = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    radius = 7 * scale if rounded else 0
    draw.rounded_rectangle([0, 0, size * 4 - 1, size * 4 - 1], radius=radius, fill=BRAND)
    # The arc "M9 20c3-7 11-7 14 0", stroke 3: the upper half of an ellipse through (9,20) and (23,20)
    # peaking at y=14.75. Pillow strokes inwards from the box, so the box grows by half the stroke.
    width = round(3 * scale)
    draw.arc([7.5 * scale, 13.25 * scale, 24.5 * scale, 26.75 * scale], 180, 360, fill=PAPER, width=width)
    for x in (9, 23):  # round line caps
        draw.ellipse([(x - 1.5) * scale, 18.5 * scale, (x + 1.5) * scale, 21.5 * scale], fill=PAPER)
    draw.ellipse([13 * scale, 8 * scale, 19 * scale, 14 * scale], fill=PAPER)
    return image.resize((size, size), Image.LANCZOS)


def main():
    WEBROOT.mkdir(exist_ok=True)
    draw_mark(64).save(WEBROOT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64)])
    # iOS rounds the corners itself and shows transparency as black: a square, opaque icon.
    draw_mark(180, rounded=False).convert("RGB").save(WEBROOT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
