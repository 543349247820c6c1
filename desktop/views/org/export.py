"""Taking the chart out of the app: a PNG for a slide or a chat, a PDF or paper for a wall.

All three render the same QGraphicsScene the screen shows (desktop/views/common/
scene_export.py, shared with the hubs map), so what is exported is what the user sees;
PDF and print turn the page sideways for a wide chart. Here: the file and print dialogs.

Printing needs QtPrintSupport, which some slim PySide6 builds leave out; then
desktop.qt.PRINT_AVAILABLE is False and the screen offers no Print button.
"""

from __future__ import annotations

from pathlib import Path

from desktop.qt import (
    QCoreApplication,
    QFileDialog,
    QGraphicsScene,
    QMessageBox,
    QPrintDialog,
    QPrinter,
    QWidget,
)

# The rendering is shared with the hubs map (desktop/views/common/scene_export.py).
from desktop.views.common.scene_export import (
    export_pdf,
    export_png,
    print_to,
)

__all__ = ["ask_and_export", "export_pdf", "export_png", "print_scene", "print_to"]


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
