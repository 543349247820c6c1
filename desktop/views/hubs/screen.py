"""Hubs: who keeps the company's information moving, and which units are cut off.

Everything here is read from the cache: the server's latest results as this reader
received them (docs/hubs.md). Colleagues who agreed are named; the others appear only
to leads and community managers, as "a colleague in <unit>". The picture (map_scene.py)
and the table show the same results; both can be exported (PNG, PDF, CSV). Community
managers also see what needs attention: questions unanswered for more than two days
and spaces that went quiet.

The screen rebuilds only when a new run arrived (or names changed), so opening it again
costs one small query.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from desktop.context import ViewContext
from desktop.hub_attention import attention_text
from desktop.hub_reasons import reasons_text, role_text
from desktop.qt import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from desktop.views.base import View
from desktop.views.common.accessible import name_viewport
from desktop.views.hubs import export
from desktop.views.hubs.map_scene import ZOOM_STEP, HubMapScene, HubMapView
from sync.cache.read.hubs import HubView, hub_view


class HubsView(View):
    name = "hubs"

    def __init__(self, ctx: ViewContext) -> None:
        super().__init__(ctx)
        self.data: HubView | None = None
        self._shown: object = None
        self.rows: list[list[str]] = []
        self.heading = QLabel(self.tr("Information hubs"))
        self.heading.setProperty("role", "heading")
        self.status = QLabel()
        self.status.setObjectName("hubsStatus")
        self.status.setWordWrap(True)
        self.note = QLabel(self.tr(
            "Only colleagues who agreed are named. Others appear to their unit leads and "
            "to community managers as “a colleague in” their unit. No unit smaller than "
            "five people is shown."))
        self.note.setWordWrap(True)
        self.scene = HubMapScene(self)
        self.map = HubMapView(self.scene)
        self.map.setObjectName("hubsMap")
        self.map.setAccessibleName(self.tr("Map of units and their links"))
        self.map.setAccessibleDescription(self.tr(
            "Ctrl+wheel or the buttons zoom; orange units hold hubs, red ones are cut off"))
        name_viewport(self.map)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("hubsTable")
        self.table.setAccessibleName(self.tr("Hubs and bridges"))
        self.table.setHorizontalHeaderLabels(self.header())
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.cellActivated.connect(self._open_row)
        self.attention = QListWidget()
        self.attention.setObjectName("hubsAttention")
        self.attention.setAccessibleName(self.tr("Needs attention"))
        self.attention_box = QGroupBox(self.tr("Needs attention"))
        QVBoxLayout(self.attention_box).addWidget(self.attention)
        self.attention_box.hide()
        buttons = QHBoxLayout()
        for text, accessible, name, slot in (
            ("+", self.tr("Zoom in"), "hubsZoomIn", lambda: self.map.zoom(ZOOM_STEP)),
            ("−", self.tr("Zoom out"), "hubsZoomOut", lambda: self.map.zoom(1 / ZOOM_STEP)),
            (self.tr("&Fit"), self.tr("Show the whole map"), "hubsFit", self.map.fit),
            (self.tr("Export &PNG…"), self.tr("Export the map as PNG"), "hubsPng",
             lambda: self.ask_export("png")),
            (self.tr("Export P&DF…"), self.tr("Export the map as PDF"), "hubsPdf",
             lambda: self.ask_export("pdf")),
            (self.tr("Export &CSV…"), self.tr("Export the table as CSV"), "hubsCsv",
             lambda: self.ask_export("csv")),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAccessibleName(accessible)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 3)
        column.addWidget(self.attention_box, 1)
        split = QSplitter()
        split.addWidget(self.map)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)

    def title(self) -> str:
        return self.tr("Hubs")

    def describe(self) -> dict[str, object]:
        return {"status": self.status.text(), "units": len(self.scene.nodes),
                "rows": self.table.rowCount()}

    def header(self) -> list[str]:
        return [self.tr("Who"), self.tr("Unit"), self.tr("Role"), self.tr("Why")]

    # -- reading -----------------------------------------------------------------------

    def refresh(self) -> None:
        data = hub_view(self.ctx.cache)
        key = (data.run.run_id if data.run else None,
               tuple((r.hub.id, r.person.version if r.person else 0) for r in data.hubs))
        if key == self._shown:
            return
        self._shown = key
        self.data = data
        if data.run is None:
            self.status.setText(self.tr(
                "No results yet. The server computes them every night."))
        else:
            day = dt.datetime.fromtimestamp(data.run.computed_at / 1000).date()
            self.status.setText(self.tr("As of %1, from the last %2 days.")
                                .replace("%1", day.isoformat())
                                .replace("%2", str(data.run.window_days)))
        self.scene.show_view(data)
        if self.scene.grouped:
            self.status.setText(self.status.text() + " " + self.tr(
                "The map groups %1 units into %2 parts of the organisation.")
                .replace("%1", str(len(data.units))).replace("%2", str(len(self.scene.nodes))))
        self.map.fit()
        self._fill_table(data)
        self._fill_attention(data)

    def _who(self, data: HubView, index: int) -> str:
        row = data.hubs[index]
        if row.person is not None:
            return row.person.display_name
        unit = data.unit_names.get(row.hub.unit_id, "?")
        return self.tr("a colleague in %1").replace("%1", unit)

    def _fill_table(self, data: HubView) -> None:
        self.rows = [
            [self._who(data, n), data.unit_names.get(row.hub.unit_id, "?"),
             role_text(row.hub.role), reasons_text(row.hub.reasons, data.unit_names)]
            for n, row in enumerate(data.hubs)
        ]
        self.table.setRowCount(len(self.rows))
        for r, values in enumerate(self.rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()

    def _fill_attention(self, data: HubView) -> None:
        self.attention.clear()
        self.attention_box.setVisible(bool(data.attention))
        now = data.run.computed_at if data.run else 0
        for item in data.attention:
            self.attention.addItem(attention_text(self.ctx.cache, item, now))

    def _open_row(self, row: int, _column: int) -> None:
        if self.data is not None and 0 <= row < len(self.data.hubs):
            person = self.data.hubs[row].person
            if person is not None:
                self.ctx.navigator.navigate("people", person.id)

    # -- export ------------------------------------------------------------------------

    def ask_export(self, kind: str) -> Path | None:
        captions = {"png": (self.tr("Export as PNG"), self.tr("PNG image (*.png)")),
                    "pdf": (self.tr("Export as PDF"), self.tr("PDF document (*.pdf)")),
                    "csv": (self.tr("Export as CSV"), self.tr("CSV table (*.csv)"))}
        caption, filter_text = captions[kind]
        suggested = str(Path.home() / f"{self.tr('hubs')}.{kind}")
        chosen, _ = QFileDialog.getSaveFileName(self, caption, suggested, filter_text)
        if not chosen:
            return None
        path = Path(chosen) if chosen.lower().endswith(f".{kind}") else Path(f"{chosen}.{kind}")
        written = self.export_to(kind, path)
        if not written:
            QMessageBox.warning(self, caption, self.tr("Could not write %1.")
                                .replace("%1", str(path)))
            return None
        return path

    def export_to(self, kind: str, path: Path) -> bool:
        if kind == "png":
            return export.export_png(self.scene, path)
        if kind == "pdf":
            return export.export_pdf(self.scene, path, self.tr("Information hubs"))
        return export.export_csv(self.header(), self.rows, path)

    def open_target(self, target: str) -> None:
        _ = target  # the screen shows the whole company; nothing to select yet

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.data is not None:
            self.map.fit()

