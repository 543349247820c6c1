"""A profile photo checked and made anew: what a person or HR hands in is never stored.

The bytes must be a JPEG, PNG or WebP within a byte cap; the header's dimensions are
read before a single pixel is decoded, so a small file that claims 30,000 x 30,000
pixels (a decompression bomb) is refused without allocating them. What decodes is
turned upright (EXIF orientation), flattened onto white, cut to its centre square and
encoded afresh as two JPEGs, 256 and 64 pixels square, with no metadata at all: no
EXIF (GPS position, camera, date), no ICC profile, no comments.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = ("JPEG", "PNG", "WEBP")
SIZE = 256
THUMB_SIZE = 64
_QUALITY = 85


class PhotoRefused(Exception):
    """The upload is not a photo we keep; code and message go to the caller as they are."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class NormalisedPhoto:
    image: bytes  # SIZE x SIZE JPEG
    thumb: bytes  # THUMB_SIZE x THUMB_SIZE JPEG
    digest: str  # the photo's version: 32 hex digits of the SHA-256 of image

    @property
    def etag(self) -> str:
        return f'"{self.digest}"'


def photo_digest(image: bytes) -> str:
    return hashlib.sha256(image).hexdigest()[:32]


def _encode(picture: Image.Image, side: int) -> bytes:
    out = io.BytesIO()
    picture.resize((side, side), Image.Resampling.LANCZOS).save(
        out, "JPEG", quality=_QUALITY, optimize=True, progressive=False)
    return out.getvalue()


def _flattened(picture: Image.Image) -> Image.Image:
    """RGB on white: transparency would turn black in a JPEG."""
    if picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, "white")
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return picture.convert("RGB")


def normalise(data: bytes, *, max_bytes: int, max_pixels: int) -> NormalisedPhoto:
    """The upload checked and re-encoded, or PhotoRefused with a stable code."""
    if not data:
        raise PhotoRefused("not_an_image", "The upload is empty.")
    if len(data) > max_bytes:
        raise PhotoRefused("photo_too_large",
                           f"A photo may have at most {max_bytes // 1024} KiB.")
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; here any image past
        # our own cap is refused below, and the warning must not slip through as output.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=FORMATS) as picture:
                width, height = picture.size
                if width < 1 or height < 1 or width * height > max_pixels:
                    raise PhotoRefused(
                        "photo_too_many_pixels",
                        f"A photo may have at most {max_pixels // 1_000_000} megapixels; "
                        f"this one has {width} x {height}.")
                picture.load()
                upright = ImageOps.exif_transpose(picture)
                flat = _flattened(upright)
        except PhotoRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRefused("photo_too_many_pixels",
                               "The image claims more pixels than a photo may have.") from None
        except UnidentifiedImageError:
            raise PhotoRefused("not_an_image",
                               "The upload is not a JPEG, PNG or WebP image.") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            # Truncated or corrupt data: Pillow says so with OSError ("image file is
            # truncated"), SyntaxError (broken PNG chunks) or ValueError.
            raise PhotoRefused("not_an_image",
                               "The image is damaged or incomplete and cannot be read.") from None
    side = min(flat.size)
    left, top = (flat.width - side) // 2, (flat.height - side) // 2
    square = flat.crop((left, top, left + side, top + side))
    image = _encode(square, SIZE)
    return NormalisedPhoto(image=image, thumb=_encode(square, THUMB_SIZE),
                           digest=photo_digest(image))
