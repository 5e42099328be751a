"""Original artwork for the demo clinic, drawn with Pillow: no downloads, no photos, no invented faces.

- `landscape(seed)`: a calm abstract scene (layered hills, a soft sun, a gradient sky) for heroes.
- `monogram(name)`: an illustrated portrait stand-in: the person's initials on a toned disc.

Both are deterministic: the same seed draws the same picture, so the demo looks the same everywhere.
"""

import io
import random
from math import sin

from PIL import Image, ImageDraw, ImageFilter, ImageFont

# The site's palette (static/css/site.css): teal brand, warm paper, terracotta accent.
PALETTES = [
    [(227, 239, 236), (176, 214, 207), (27, 94, 99), (17, 63, 67), (247, 233, 221)],
    [(247, 233, 221), (234, 196, 168), (164, 83, 44), (27, 94, 99), (251, 248, 243)],
    [(232, 238, 244), (190, 211, 222), (60, 110, 140), (27, 94, 99), (247, 233, 221)],
    [(243, 238, 230), (214, 200, 176), (120, 140, 100), (27, 94, 99), (255, 244, 223)],
]


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def landscape(seed, size=(1200, 800)):
    """A gentle landscape of rolling hills under a low sun, as PNG bytes."""
    rng = random.Random(seed)
    palette = PALETTES[rng.randrange(len(PALETTES))]
    width, height = size
    sky = Image.linear_gradient("L").resize(size)
    image = Image.composite(Image.new("RGB", size, palette[4]), Image.new("RGB", size, palette[0]), sky)
    draw = ImageDraw.Draw(image)
    sun_x, sun_y, radius = rng.uniform(0.55, 0.8) * width, rng.uniform(0.25, 0.4) * height, 0.11 * width
    # The sun's glow is blurred at a quarter of the size: the same soft edge for a fraction of the work.
    small = (width // 4, height // 4)
    glow = Image.new("L", small, 0)
    box = [(sun_x - radius) / 4, (sun_y - radius) / 4, (sun_x + radius) / 4, (sun_y + radius) / 4]
    ImageDraw.Draw(glow).ellipse(box, fill=255)
    image.paste(palette[4], mask=glow.filter(ImageFilter.GaussianBlur(radius * 0.15)).resize(size))
    draw.ellipse(
        [sun_x - radius * 0.6, sun_y - radius * 0.6, sun_x + radius * 0.6, sun_y + radius * 0.6], fill=(255, 250, 240)
    )
    layers = 4
    for layer in range(layers):
        base = height * (0.5 + 0.13 * layer)
        amplitude = height * rng.uniform(0.04, 0.09)
        phase, waves = rng.uniform(0, 6.28), rng.uniform(1.2, 2.4)
        colour = _mix(palette[1], palette[3], layer / (layers - 1))
        points = [(0, height)]
        for step in range(0, width + 1, 10):
            points.append((step, base + amplitude * sin(phase + waves * 6.28 * step / width)))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def initials(name):
    return "".join(part[0] for part in name.replace(".", "").split()[:2]).upper()


def monogram(name, size=480):
    """The person's initials on a toned disc over a soft ground, as PNG bytes."""
    rng = random.Random(name)
    palette = PALETTES[rng.randrange(len(PALETTES))]
    image = Image.new("RGB", (size, size), palette[0])
    draw = ImageDraw.Draw(image)
    draw.ellipse([size * 0.06, size * 0.06, size * 0.94, size * 0.94], fill=palette[3])
    draw.arc([size * 0.12, size * 0.12, size * 0.88, size * 0.88], 200, 340, fill=palette[4], width=round(size * 0.02))
    font = ImageFont.load_default(size=round(size * 0.36))
    draw.text((size / 2, size / 2), initials(name), fill=(255, 255, 255), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
