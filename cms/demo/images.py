"""Demo pictures drawn locally with Pillow: a soft gradient, a few translucent shapes
and a caption. No network, and the same key always draws the same picture."""

import hashlib
import io
import random
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

PALETTES = {
    "brand": ((18, 62, 99), (33, 140, 141)),
    "blue": ((23, 55, 110), (64, 132, 198)),
    "teal": ((9, 84, 88), (72, 170, 153)),
    "violet": ((58, 36, 104), (143, 98, 182)),
    "red": ((122, 28, 44), (214, 96, 77)),
    "orange": ((138, 66, 14), (231, 160, 66)),
    "green": ((28, 82, 46), (121, 178, 96)),
}
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]


def _font(size: int, bold: bool = True):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size=size)


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def draw(key: str, text: str, palette: str = "blue", size=(1600, 900),
         image_format: str = "JPEG") -> bytes:
    """A picture for ``key``: diagonal gradient, circles, and ``text`` in the lower left.
    JPEG for photos (small, quick to resize), PNG for logos."""
    width, height = size
    start, end = PALETTES.get(palette, PALETTES["blue"])
    rng = random.Random(hashlib.sha256(key.encode()).digest())

    # A diagonal gradient drawn as a small image and scaled up (fast, smooth).
    small = Image.new("RGB", (64, 36))
    for x in range(64):
        for y in range(36):
            small.putpixel((x, y), _mix(start, end, (x / 63) * 0.7 + (y / 35) * 0.3))
    picture = small.resize(size, Image.Resampling.BICUBIC).convert("RGBA")

    shapes = Image.new("RGBA", size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(shapes)
    for _ in range(7):
        radius = rng.randint(height // 10, height // 2)
        cx, cy = rng.randint(0, width), rng.randint(0, height)
        alpha = rng.randint(18, 46)
        pen.ellipse((cx - radius, cy - radius, cx + radius, cy + radius),
                    fill=(255, 255, 255, alpha))
    for _ in range(3):
        radius = rng.randint(height // 14, height // 6)
        cx, cy = rng.randint(width // 2, width), rng.randint(0, height // 2)
        pen.ellipse((cx - radius, cy - radius, cx + radius, cy + radius),
                    outline=(255, 255, 255, 90), width=max(2, height // 180))
    picture = Image.alpha_composite(picture, shapes)

    pen = ImageDraw.Draw(picture)
    wide = width / height >= 2  # logos: a big name; photos: a caption
    font_size = max(18, height // (5 if wide else 12))
    font = _font(font_size)
    lines = textwrap.wrap(text, width=max(12, int(width / (font_size * 0.62))))[:3]
    margin = width // 20
    y = height - margin - len(lines) * int(font_size * 1.25)
    if not wide:  # a rule above the caption
        pen.rectangle((margin, y - font_size // 2, margin + width // 12, y - font_size // 2 + 6),
                      fill=(255, 255, 255, 220))
    for line in lines:
        pen.text((margin + 2, y + 2), line, font=font, fill=(0, 0, 0, 90))
        pen.text((margin, y), line, font=font, fill=(255, 255, 255, 255))
        y += int(font_size * 1.25)

    out = io.BytesIO()
    if image_format == "JPEG":
        picture.convert("RGB").save(out, format="JPEG", quality=86, progressive=True)
    else:
        picture.convert("RGB").save(out, format="PNG")
    return out.getvalue()
