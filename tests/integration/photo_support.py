"""Images for the photo tests, drawn with Pillow: real files of every kind we accept or
refuse, made in memory so no test depends on a picture lying about."""

from __future__ import annotations

import functools
import io
import struct
import zlib

from PIL import Image, ImageDraw


def jpeg(width: int = 640, height: int = 480, *, colour: str = "steelblue",
         gps: bool = False) -> bytes:
    """A JPEG with a white disc in the middle; with gps, EXIF that says where it was taken."""
    picture = Image.new("RGB", (width, height), colour)
    ImageDraw.Draw(picture).ellipse(
        (width // 4, height // 4, 3 * width // 4, 3 * height // 4), fill="white")
    out = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (48.0, 8.0, 15.0), 3: "E", 4: (11.0, 34.0, 30.0)}
    picture.save(out, "JPEG", exif=exif.tobytes() if gps else b"")
    return out.getvalue()


def png(width: int = 300, height: int = 300, *, mode: str = "RGBA") -> bytes:
    picture = Image.new(mode, (width, height), (200, 40, 40, 128) if mode == "RGBA" else 1)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def webp(side: int = 200) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (side, side), "seagreen").save(out, "WEBP")
    return out.getvalue()


@functools.cache
def bomb_png(side: int = 30_000) -> bytes:
    """A real 1-bit PNG of side x side black pixels: about 110 KiB on disk, 900 million
    pixels (2.7 GB as RGB) once decoded. Written chunk by chunk with zlib, since Pillow
    would take half a minute to save it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte "none", then the packed bits
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat)
            + chunk(b"IEND", b""))


def decoded(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def rgb(picture: Image.Image, x: int, y: int) -> tuple[int, int, int]:
    red, green, blue = picture.convert("RGB").getpixel((x, y))  # type: ignore[misc]
    return red, green, blue
