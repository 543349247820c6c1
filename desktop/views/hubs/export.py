"""Taking the hub results out: the picture as PNG or PDF, the table as CSV.

The CSV holds exactly what the table shows (who, unit, role, why in words), never more
than this reader received, and is written as UTF-8 with a BOM so that spreadsheet
programs open German umlauts correctly.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from desktop.qt import (
    QGraphicsScene,
    QImage,
    QMarginsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QRectF,
    Qt,
)


def export_png(scene: QGraphicsScene, path: Path) -> bool:
    source = scene.sceneRect()
    image = QImage(source.size().toSize(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(image.rect()), source)
    painter.end()
    # PySide6 takes the format as str at run time; its stub says bytes.
    return bool(image.save(str(path), "PNG"))  # type: ignore[call-overload]


def export_pdf(scene: QGraphicsScene, path: Path, title: str) -> bool:
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Kontor")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
        QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        return False
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(painter.viewport()), scene.sceneRect(),
                 Qt.AspectRatioMode.KeepAspectRatio)
    return painter.end()


def export_csv(header: Sequence[str], rows: Sequence[Sequence[str]], path: Path) -> bool:
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
    except OSError:
        return False
    return True
