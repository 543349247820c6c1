"""Taking the chart out of the app: a PNG for a slide or a chat, a PDF or paper for a wall.

All three render the same QGraphicsScene the screen shows, so what is exported is what
the user sees. The PNG is rendered at the scene's own size (one pixel per scene unit),
so it is as sharp as the screen at 100 %; PDF and print scale the chart to fit the page,
turning the page sideways for a wide chart.

Printing needs QtPrintSupport, which some slim PySide6 builds leave out; then
desktop.qt.PRINT_AVAILABLE is False and the screen offers no Print button.
"""

from __future__ import annotations

from pathlib import Path

from desktop.qt import (
    QCoreApplication,
    QFileDialog,
    QGraphicsScene,
    QImage,
    QMarginsF,
    QMessageBox,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPrintDialog,
    QPrinter,
    QRectF,
    Qt,
    QWidget,
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


def _paint_pages(scene: QGraphicsScene, device: QPagedPaintDevice) -> bool:
    """The scene on one page of device, fitted inside the margins, aspect kept."""
    source = scene.sceneRect()
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


def export_pdf(scene: QGraphicsScene, path: Path, title: str) -> bool:
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Kontor")
    writer.setResolution(300)
    return _paint_pages(scene, writer)


def print_to(scene: QGraphicsScene, printer: QPrinter) -> bool:
    """Print on an already set-up printer (the dialog's choice, or a PDF file printer)."""
    return _paint_pages(scene, printer)


def print_scene(scene: QGraphicsScene, title: str, parent: QWidget | None = None) -> bool:
    """Ask for a printer, then print; False when the user cancels or printing fails."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("OrgChartView", "Print org chart"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    return print_to(scene, printer)


def ask_and_export(scene: QGraphicsScene, title: str, kind: str, parent: QWidget) -> Path | None:
    """Ask where to save (kind "png" or "pdf"), write, and say so if writing failed."""
    translate = QCoreApplication.translate
    if kind == "png":
        caption = translate("OrgChartView", "Export as PNG")
        filter_text = translate("OrgChartView", "PNG image (*.png)")
    else:
        caption = translate("OrgChartView", "Export as PDF")
        filter_text = translate("OrgChartView", "PDF document (*.pdf)")
    suffix = f".{kind}"
    safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip()
    suggested = str(Path.home() / f"{safe or 'org-chart'}{suffix}")
    chosen, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filter_text)
    if not chosen:
        return None
    path = Path(chosen) if chosen.lower().endswith(suffix) else Path(chosen + suffix)
    written = export_png(scene, path) if kind == "png" else export_pdf(scene, path, title)
    if not written:
        QMessageBox.warning(parent, caption, translate("OrgChartView", "Could not write %1.")
                            .replace("%1", str(path)))
        return None
    return path
