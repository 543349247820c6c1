"""Taking the hub results out: the picture as PNG or PDF, the table as CSV.

The CSV holds exactly what the table shows (who, unit, role, why in words), never more
than this reader received, and is written as UTF-8 with a BOM so that spreadsheet
programs open German umlauts correctly.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from desktop.qt import QGraphicsScene, QPageLayout
from desktop.views.common import scene_export


def export_png(scene: QGraphicsScene, path: Path) -> bool:
    return scene_export.export_png(scene, path)


def export_pdf(scene: QGraphicsScene, path: Path, title: str) -> bool:
    """The map on a landscape page, whatever its shape."""
    return scene_export.export_pdf(scene, path, title, QPageLayout.Orientation.Landscape)


def export_csv(header: Sequence[str], rows: Sequence[Sequence[str]], path: Path) -> bool:
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
    except OSError:
        return False
    return True
