"""A QGraphicsScene taken out of the app as a PNG, a PDF or on paper (the org chart, the
hubs map): what is exported is the scene the screen shows. The PNG is rendered at the
scene's own size (one pixel per scene unit), so it is as sharp as the screen at 100 %;
PDF and print fit the scene on an A4 page.
"""

from __future__ import annotations

from pathlib import Path

from desktop.qt import (
    QGraphicsScene,
    QImage,
    QMarginsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPrinter,
    QRectF,
    Qt,
)

PAGE_MARGIN_MM = 10.0


def render_image(scene: QGraphicsScene) -> QImage:
    """The whole scene as an image, one pixel per scene unit, on white."""
    source = scene.sceneRect()
    image = QImage(source.size().toSize(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(image.rect()), source)
    painter.end()
    return image


def export_png(scene: QGraphicsScene, path: Path) -> bool:
    """False when the file could not be written (a folder without rights, a full disk)."""
    # PySide6 takes the format as str at run time; its stub says bytes.
    return bool(render_image(scene).save(str(path), "PNG"))  # type: ignore[call-overload]


def paint_pages(scene: QGraphicsScene, device: QPagedPaintDevice,
                orientation: QPageLayout.Orientation | None = None) -> bool:
    """The scene on one A4 page of device, fitted inside the margins, aspect kept;
    sideways for a wide scene unless an orientation is given."""
    source = scene.sceneRect()
    if orientation is None:
        orientation = (QPageLayout.Orientation.Landscape if source.width() > source.height()
                       else QPageLayout.Orientation.Portrait)
    device.setPageLayout(QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), orientation,
        QMarginsF(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM),
        QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(device):
        return False
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    target = QRectF(painter.viewport())
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    return painter.end()


def export_pdf(scene: QGraphicsScene, path: Path, title: str,
               orientation: QPageLayout.Orientation | None = None) -> bool:
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Kontor")
    writer.setResolution(300)
    return paint_pages(scene, writer, orientation)


def print_to(scene: QGraphicsScene, printer: QPrinter) -> bool:
    """Print on an already set-up printer (the dialog's choice, or a PDF file printer)."""
    return paint_pages(scene, printer)
