"""Round avatars for people: their photo when the cache holds it, else initials.

People without a photo still need a face in a long list, so each gets initials on a
colour derived from the name: stable across runs and machines (crc32, not hash()),
so a colleague keeps their colour. Pixmaps are cached because a list repaints rows
constantly while scrolling; the cache is bounded by the pixels it holds (a few
screens of rows and cards), so scrolling through 100,000 people cannot grow it, and
its keys never hold a photo itself (a photo is some ten kilobytes of JPEG): a person's
key is their photo's digest (sync/cache/read/photos.py), so an avatar is drawn again
exactly when a photo arrives or changes.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable

from desktop.qt import QColor, QFont, QGuiApplication, QPainter, QPainterPath, QPixmap, QRectF, Qt
from sync.cache.db import Cache
from sync.cache.read.people import get_person
from sync.cache.read.photos import photo_digest, photo_of

_CACHE_BYTES = 4 << 20  # about 800 list avatars, or 200 on a high-DPI screen
_cache: OrderedDict[Hashable, QPixmap] = OrderedDict()
_cached_bytes = 0


def initials(given_name: str, family_name: str) -> str:
    """First letter of the given name and of the family name ("Jan-Erik Böhm" -> "JB")."""
    letters = [part.strip()[:1] for part in (given_name, family_name) if part.strip()]
    return "".join(letters).upper() or "?"


def colour_for(name: str) -> QColor:
    """A muted colour picked by the name, dark enough for white initials."""
    hue = zlib.crc32(name.encode("utf-8")) % 360
    return QColor.fromHsl(hue, 110, 95)


def _device_ratio() -> float:
    screen = QGuiApplication.primaryScreen()
    return screen.devicePixelRatio() if screen is not None else 1.0


def _round_canvas(size: int, ratio: float) -> tuple[QPixmap, QPainter, QPainterPath]:
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    circle = QPainterPath()
    circle.addEllipse(QRectF(0, 0, size, size))
    return pixmap, painter, circle


def _photo_pixmap(data: bytes, size: int, ratio: float) -> QPixmap | None:
    photo = QPixmap()
    if not photo.loadFromData(data):
        return None
    side = min(photo.width(), photo.height())
    square = photo.copy((photo.width() - side) // 2, (photo.height() - side) // 2, side, side)
    pixmap, painter, circle = _round_canvas(size, ratio)
    painter.setClipPath(circle)
    painter.drawPixmap(QRectF(0, 0, size, size), square, QRectF(square.rect()))
    painter.end()
    return pixmap


def _initials_pixmap(given_name: str, family_name: str, size: int, ratio: float) -> QPixmap:
    pixmap, painter, circle = _round_canvas(size, ratio)
    painter.fillPath(circle, colour_for(f"{given_name} {family_name}"))
    font = QFont()
    font.setPixelSize(max(8, int(size * 0.4)))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter,
                     initials(given_name, family_name))
    painter.end()
    return pixmap


def _pixmap_bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4


def _cached(key: Hashable, make: Callable[[], QPixmap]) -> QPixmap:
    global _cached_bytes
    cached = _cache.get(key)
    if cached is not None:
        _cache.move_to_end(key)
        return cached
    pixmap = make()
    _cache[key] = pixmap
    _cached_bytes += _pixmap_bytes(pixmap)
    while _cached_bytes > _CACHE_BYTES and len(_cache) > 1:
        _cached_bytes -= _pixmap_bytes(_cache.popitem(last=False)[1])
    return pixmap


def _make(given_name: str, family_name: str, photo: bytes | None, size: int,
          ratio: float) -> QPixmap:
    pixmap = _photo_pixmap(photo, size, ratio) if photo else None
    if pixmap is None:
        pixmap = _initials_pixmap(given_name, family_name, size, ratio)
    return pixmap


def avatar(given_name: str, family_name: str, photo: bytes | None, size: int) -> QPixmap:
    """The person's round avatar at size x size logical pixels (cached); photo: the
    image's bytes (JPEG, PNG), None for initials."""
    ratio = _device_ratio()
    key = (f"{given_name}\x00{family_name}", zlib.crc32(photo) if photo else -1,
           len(photo or b""), size, ratio)
    return _cached(key, lambda: _make(given_name, family_name, photo, size, ratio))


def person_avatar(person_id: str, digest: str | None, given_name: str, family_name: str,
                  photo: Callable[[], bytes | None], size: int) -> QPixmap:
    """avatar() for a row that knows the digest of the person's photo in the cache
    (None: no photo there) but not the photo: it is only read (photo()) when the
    avatar is not cached yet."""
    ratio = _device_ratio()
    if digest is None:
        return avatar(given_name, family_name, None, size)
    key = ("person", person_id, digest, size, ratio)
    return _cached(key, lambda: _make(given_name, family_name, photo(), size, ratio))


def avatar_of(cache: Cache, person_id: str | None, size: int) -> QPixmap:
    """A person's avatar by id, for a widget that knows no more than the id (a post's
    author, a search hit): their photo from the cache, else initials; "?" for someone
    this cache does not hold."""
    person = get_person(cache, person_id) if person_id else None
    if person is None:
        return avatar("?", "", None, size)
    return person_avatar(person.id, photo_digest(cache, person.id), person.given_name,
                         person.family_name, lambda: photo_of(cache, person.id), size)
