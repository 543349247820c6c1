"""Photos for a share of the demo company, drawn here (no picture comes from outside).

Each is a simple portrait: a head and shoulders in a muted tone on a coloured ground,
so the demo shows photos beside the initials of everyone else and the two never look
alike. A few dozen variants are drawn once per process and shared out by person id:
a 5,000-person demo needs no more drawing than a 300-person one. They are encoded as
the server encodes an upload (services/photo_image.py), so they are stored as is.
"""

from __future__ import annotations

import colorsys
import functools
import io
import zlib

from PIL import Image, ImageDraw

from server_stub.services.photo_image import SIZE, THUMB_SIZE, NormalisedPhoto, photo_digest

SHARE_PERCENT = 35  # of the demo's people have a photo
VARIANTS = 36


def has_photo(person_id: str) -> bool:
    return zlib.crc32(person_id.encode()) % 100 < SHARE_PERCENT


def _rgb(hue: float, light: float, saturation: float) -> tuple[int, int, int]:
    red, green, blue = colorsys.hls_to_rgb(hue, light, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def _jpeg(picture: Image.Image, side: int) -> bytes:
    out = io.BytesIO()
    picture.resize((side, side), Image.Resampling.LANCZOS).save(out, "JPEG", quality=85,
                                                                optimize=True)
    return out.getvalue()


@functools.cache
def variant(number: int) -> NormalisedPhoto:
    """Portrait number (0 <= number < VARIANTS): ground, skin and clothes vary."""
    hue = (number * 0.61803) % 1.0
    ground = _rgb(hue, 0.78, 0.45)
    clothes = _rgb((hue + 0.5) % 1.0, 0.35 + 0.1 * (number % 3), 0.45)
    skin = _rgb(0.07, 0.45 + 0.08 * (number % 5), 0.45)
    hair = _rgb(0.08, 0.12 + 0.1 * (number % 4), 0.4)
    picture = Image.new("RGB", (SIZE, SIZE), ground)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((38, 168, 218, 340), fill=clothes)  # shoulders
    draw.rectangle((112, 140, 144, 178), fill=skin)  # neck
    draw.ellipse((84, 52, 172, 156), fill=skin)  # face
    if number % 2:
        draw.chord((80, 40, 176, 120), 180, 360, fill=hair)  # short hair
    else:
        draw.pieslice((72, 38, 184, 190), 180, 360, fill=hair)  # longer hair
        draw.rectangle((72, 112, 90, 170), fill=hair)
        draw.rectangle((166, 112, 184, 170), fill=hair)
    image = _jpeg(picture, SIZE)
    return NormalisedPhoto(image=image, thumb=_jpeg(picture, THUMB_SIZE),
                           digest=photo_digest(image))


def photo_for(person_id: str) -> NormalisedPhoto:
    return variant(zlib.crc32(person_id.encode("utf-8"), 7) % VARIANTS)
