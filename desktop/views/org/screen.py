"""The org chart screen: the unit tree, a search for units, seats and people, and a chart.

People open an org chart to answer "where does this team sit", "who is above whom" and
"who do I ask while the seat is empty". So the chart shows seats rather than people: a
unit's lead on top, its seats below, its sub-units as boxes to step into; a selected
position shows its chain up to the top and its direct reports. Vacancies and absent
holders are drawn so nobody mistakes them for a reachable colleague (org_scene.py).

The tree loads a unit's sub-units only when it is expanded (desktop/models/org_tree.py),
so a company with thousands of teams opens at once. Everything is read from the local
cache, so the chart works offline as well as online.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from desktop.avatar import avatar_of
from desktop.context import ViewContext
from desktop.models.org_tree import OrgTreeModel, UnitIdRole
from desktop.qt import (
    PRINT_AVAILABLE,
    QEvent,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QModelIndex,
    QObject,
    QPushButton,
    QSplitter,
    QStackedWidget,
    Qt,
    QTimer,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from desktop.views.base import View
from desktop.views.common.absence import AbsenceButton
from desktop.views.common.accessible import name_viewport
from desktop.views.org import export as org_export
from desktop.views.org.scene import FACE, ZOOM_STEP, OrgChartGraphicsView, OrgScene
from desktop.views.org.seat_list import SeatList
from sync.cache.read.org import (
    Seat,
    chain_up,
    deputy_seat,
    find_org,
    lead_seat,
    org_units_stamp,
    reports_down,
    unit_children,
    unit_path,
    unit_seats,
)
from sync.cache.read.people import get_org_unit, get_position, get_position_of
from sync.protocol import Person

SEARCH_DELAY_MS = 150


class OrgChartView(View):
    name = "org"

    def __init__(self, ctx: ViewContext) -> None:
        super().__init__(ctx)
        self.today: dt.date | None = None  # None: the real today (absences are by date)
        self.unit_id: str | None = None
        self.position_id: str | None = None
        self._stamp = org_units_stamp(ctx.cache)
        self._following_tree = True
        self._shown: tuple[object, ...] = ()
        self._found: list[object] = []
        self.kinds = {"company": self.tr("Company"), "site": self.tr("Site"),
                      "department": self.tr("Department"), "team": self.tr("Team")}
        self._build_widgets()
        self._build_layout()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_field.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_field.returnPressed.connect(self._activate_first_hit)
        self.search_field.installEventFilter(self)
        self.hits.itemActivated.connect(self._activate_hit)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current)
        self.scene.personActivated.connect(lambda pid: ctx.navigator.navigate("people", pid))
        self.scene.positionActivated.connect(self.show_position)
        self.scene.unitActivated.connect(self.show_unit)
        self._show_start()

    def title(self) -> str:
        return self.tr("Org chart")

    def _build_widgets(self) -> None:
        self.search_field = QLineEdit()
        self.search_field.setObjectName("orgSearch")
        self.search_field.setAccessibleName(self.tr("Find a unit, position or person"))
        self.search_field.setPlaceholderText(self.tr("Unit, position or name…"))
        self.search_field.setClearButtonEnabled(True)
        self.hits = QListWidget()
        self.hits.setObjectName("orgHits")
        self.hits.setAccessibleName(self.tr("Search results"))
        self.hits.hide()
        self.tree = QTreeView()
        self.tree.setObjectName("orgTree")
        self.tree.setAccessibleName(self.tr("Units"))
        self.tree.setHeaderHidden(True)
        self.model = OrgTreeModel(self.ctx.cache, self)
        self.tree.setModel(self.model)
        self.heading = QLabel()
        self.heading.setObjectName("orgHeading")
        self.heading.setWordWrap(True)
        self.scene = OrgScene(self)
        self.scene.faces = lambda person_id: avatar_of(self.ctx.cache, person_id, FACE)
        self.chart = OrgChartGraphicsView(self.scene)
        self.chart.setObjectName("orgChart")
        self.chart.setAccessibleName(self.tr("Org chart"))
        self.chart.setAccessibleDescription(self.tr(
            "Arrow keys move between boxes, Enter opens a box, Space opens the holder's card, "
            "Ctrl+plus and Ctrl+minus zoom"))
        name_viewport(self.chart)
        # The same chart as a list: what a screen reader reads (the drawing is a picture).
        self.seat_list = SeatList()
        self.seat_list.personActivated.connect(
            lambda pid: self.ctx.navigator.navigate("people", pid))
        self.seat_list.positionActivated.connect(self.show_position)
        self.seat_list.unitActivated.connect(self.show_unit)
        self.views = QStackedWidget()
        self.views.addWidget(self.chart)
        self.views.addWidget(self.seat_list)
        self.list_button = self._button(self.tr("As &list"),
                                        self.tr("Show the chart as a list"), "orgAsList",
                                        self.show_as_list)
        self.list_button.setCheckable(True)
        self.up_button = self._button(self.tr("&Up"), self.tr("Show the unit above"),
                                      "orgUp", self.go_up)
        self.png_button = self._button(self.tr("Export &PNG…"), self.tr("Export as PNG image"),
                                       "orgExportPng", lambda: self._ask_export("png"))
        self.pdf_button = self._button(self.tr("Export P&DF…"), self.tr("Export as PDF"),
                                       "orgExportPdf", lambda: self._ask_export("pdf"))
        self.absence_button = AbsenceButton(self.ctx, self)  # a selected seat I may mark away
        # Print needs QtPrintSupport; a PySide6 build without it gets no Print button.
        self.print_button: QPushButton | None = None
        if PRINT_AVAILABLE:
            self.print_button = self._button(self.tr("P&rint…"), self.tr("Print the chart"),
                                             "orgPrint", self._print)

    def _button(self, text: str, accessible: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.clicked.connect(slot)
        return button

    def _build_layout(self) -> None:
        find_label = QLabel(self.tr("&Find:"))
        find_label.setBuddy(self.search_field)
        units_label = QLabel(self.tr("U&nits:"))
        units_label.setBuddy(self.tree)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(find_label)
        column.addWidget(self.search_field)
        column.addWidget(self.hits, 1)
        column.addWidget(units_label)
        column.addWidget(self.tree, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.absence_button)
        buttons.addWidget(self.list_button)
        buttons.addStretch(1)
        self.zoom_buttons = [
            self._button("−", self.tr("Zoom out (Ctrl+minus)"), "orgZoomOut",
                         lambda: self.chart.zoom(1 / ZOOM_STEP)),
            self._button("+", self.tr("Zoom in (Ctrl+plus)"), "orgZoomIn",
                         lambda: self.chart.zoom(ZOOM_STEP)),
            self._button(self.tr("Fit &width"), self.tr("Fit to the width (Ctrl+0)"),
                         "orgFit", self.chart.fit_width),
        ]
        for zoom in self.zoom_buttons:
            zoom.setToolTip(zoom.accessibleName())
            buttons.addWidget(zoom)
        for button in (self.png_button, self.pdf_button, self.print_button):
            if button is not None:
                buttons.addWidget(button)
        right = QWidget()
        chart_column = QVBoxLayout(right)
        chart_column.setContentsMargins(0, 0, 0, 0)
        chart_column.addWidget(self.heading)
        chart_column.addWidget(self.views, 1)
        chart_column.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 800])
        QVBoxLayout(self).addWidget(splitter)
        order = [self.search_field, self.hits, self.tree, self.chart, self.seat_list,
                 self.up_button, self.absence_button, self.list_button, *self.zoom_buttons,
                 self.png_button, self.pdf_button, self.print_button]
        chain = [w for w in order if w is not None]
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)

    # -- what is shown ---------------------------------------------------------------

    def _show_start(self) -> None:
        """The signed-in person's own unit, else the top of the company."""
        mine = get_position_of(self.ctx.cache, self.ctx.me) if self.ctx.me else None
        if mine is not None and get_org_unit(self.ctx.cache, mine.org_unit_id):
            self.show_unit(mine.org_unit_id)
            return
        roots = unit_children(self.ctx.cache, None)
        if roots:
            self.show_unit(roots[0].id)
        else:
            self._draw()

    def show_unit(self, unit_id: str) -> None:
        self.unit_id, self.position_id = unit_id, None
        self._select_in_tree(unit_id)
        self._draw()

    def show_as_list(self, as_list: bool) -> None:
        """The list instead of the drawing, or the drawing again; zooming is for the
        drawing only."""
        self.views.setCurrentWidget(self.seat_list if as_list else self.chart)
        for zoom in self.zoom_buttons:
            zoom.setEnabled(not as_list)
        if self.list_button.isChecked() != as_list:
            self.list_button.setChecked(as_list)

    def open_target(self, target: str) -> None:
        self.show_position(target)

    def show_position(self, position_id: str) -> None:
        """A position's chain up to the top and its direct reports."""
        position = get_position(self.ctx.cache, position_id)
        if position is None:
            return
        self.unit_id, self.position_id = position.org_unit_id, position_id
        self._select_in_tree(position.org_unit_id)
        self._draw()

    def go_up(self) -> None:
        if self.position_id is not None and self.unit_id is not None:
            self.show_unit(self.unit_id)
            return
        unit = get_org_unit(self.ctx.cache, self.unit_id) if self.unit_id else None
        if unit is not None and unit.parent_id and get_org_unit(self.ctx.cache,
                                                                       unit.parent_id):
            self.show_unit(unit.parent_id)

    def _select_in_tree(self, unit_id: str) -> None:
        index = self.model.index_of(unit_id)
        if not index.isValid():
            return
        self._following_tree = False
        try:
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        finally:
            self._following_tree = True

    def _on_tree_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        unit_id = current.data(UnitIdRole) if current.isValid() else None
        if self._following_tree and unit_id:
            self.show_unit(unit_id)

    def _deputies(self, seats: list[Seat]) -> dict[str, Person | None]:
        """Who stands in, read only for the seats that need one (vacant or absent)."""
        out: dict[str, Person | None] = {}
        for seat in seats:
            if seat.vacant or seat.absent:
                deputy = deputy_seat(self.ctx.cache, seat, self.today)
                out[seat.position.id] = deputy.holder if deputy is not None else None
        return out

    def _changed(self, shown: tuple[object, ...]) -> bool:
        """Whether the chart would differ from the one drawn: a sync that changed nothing
        here keeps the boxes, and with them the keyboard focus and the scroll position."""
        if shown == self._shown:
            return False
        self._shown = shown
        return True

    def _draw(self) -> None:
        self._draw_scene()
        self.chart.fit_width()

    def _draw_scene(self) -> None:
        cache, today = self.ctx.cache, self.today
        unit = get_org_unit(cache, self.unit_id) if self.unit_id else None
        self.absence_button.set_position(self.position_id)
        if self.position_id is not None:
            chain = chain_up(cache, self.position_id, today)
            reports = reports_down(cache, self.position_id, today)
            if chain:
                title = chain[0].position.title
                self.heading.setText(self.tr("%1: chain of command and direct reports")
                                     .replace("%1", title))
                deputies = self._deputies(chain + reports)
                if self._changed(("chain", title, chain, reports, deputies)):
                    self.scene.show_chain(title, chain, reports, deputies)
                    self.seat_list.show_seats([*reversed(chain), *reports], deputies)
                    self.seat_list.setAccessibleName(self.heading.text())
                self.up_button.setEnabled(True)
                return
            self.position_id = None
        if unit is None:  # gone in a sync, or none yet: the top of the company, if any
            roots = unit_children(cache, None)
            unit = roots[0] if roots else None
            self.unit_id = unit.id if unit is not None else None
        if unit is None:
            self.heading.setText(self.tr("No organisation data yet. It appears after the "
                                         "first sync."))
            if self._changed(("empty",)):
                self.scene.show_unit("", None, [], [], {})
                self.seat_list.show_seats([], {})
                self.seat_list.setAccessibleName(self.heading.text())
            self.up_button.setEnabled(False)
            return
        seats = unit_seats(cache, unit.id, today)
        lead = seats[0] if seats and seats[0].position.id == unit.lead_position_id else None
        others = seats[1:] if lead is not None else seats
        subs = [(u, lead_seat(cache, u.id, today), self.kinds.get(u.unit_kind, ""))
                for u in unit_children(cache, unit.id)]
        path = " › ".join(u.name for u in unit_path(cache, unit.id))
        self.heading.setText(path)
        deputies = self._deputies(seats)
        if self._changed(("unit", unit, lead, others, subs, deputies)):
            self.scene.show_unit(unit.name, lead, others, subs, deputies)
            self.seat_list.show_seats(seats, deputies, subs)
            self.seat_list.setAccessibleName(self.tr("Seats in %1").replace("%1", unit.name))
        self.up_button.setEnabled(bool(unit.parent_id))

    def describe(self) -> dict[str, object]:
        bar = self.chart.horizontalScrollBar()
        return {"units": self.model.rowCount(), "heading": self.heading.text(),
                "seats": len(self.scene.seat_items()), "columns": self.scene.columns,
                "sideways": bar.maximum() - bar.minimum()}

    def refresh(self) -> None:
        stamp = org_units_stamp(self.ctx.cache)
        if stamp != self._stamp:
            self._stamp = stamp
            self.model.reload()
            if self.unit_id:
                self._select_in_tree(self.unit_id)
        self._draw_scene()  # keeps the user's zoom and scroll
        if self.search_field.text().strip():
            self.run_search()

    # -- search ----------------------------------------------------------------------

    def run_search(self) -> None:
        self._search_timer.stop()
        text = self.search_field.text()
        found = find_org(self.ctx.cache, text, today=self.today) if text else []
        if found and found == self._found:
            return  # unchanged: keep the selected hit
        self._found = list(found)
        self.hits.clear()
        for hit in found:
            if isinstance(hit, Seat):
                holder = hit.holder.display_name if hit.holder else self.tr("Vacant")
                item = QListWidgetItem(f"{holder} — {hit.position.title}")
                item.setData(Qt.ItemDataRole.UserRole, ("position", hit.position.id))
                unit = get_org_unit(self.ctx.cache, hit.position.org_unit_id)
                item.setToolTip(unit.name if unit is not None else "")
            else:
                kind = self.kinds.get(hit.unit_kind, "")
                item = QListWidgetItem(f"{hit.name} ({kind})")
                item.setData(Qt.ItemDataRole.UserRole, ("unit", hit.id))
            self.hits.addItem(item)
        self.hits.setVisible(bool(text.strip()))
        if text.strip() and not found:
            empty = QListWidgetItem(self.tr("Nothing found"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.hits.addItem(empty)

    def _activate_hit(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if not target:
            return
        kind, record_id = target
        if kind == "unit":
            self.show_unit(record_id)
        else:
            self.show_position(record_id)

    def _activate_first_hit(self) -> None:
        self.run_search()
        if self.hits.count() and self.hits.item(0).data(Qt.ItemDataRole.UserRole):
            self.hits.setCurrentRow(0)
            self._activate_hit(self.hits.item(0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search field moves on to the results, as in any search box."""
        if (watched is self.search_field and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down):
            self.run_search()
            if self.hits.count():
                self.hits.setFocus()
                if self.hits.currentRow() < 0:
                    self.hits.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    # -- export ----------------------------------------------------------------------

    def export_png(self, path: Path) -> bool:
        return org_export.export_png(self.scene, path)

    def export_pdf(self, path: Path) -> bool:
        return org_export.export_pdf(self.scene, path, self.scene.heading)

    def _ask_export(self, kind: str) -> None:
        org_export.ask_and_export(self.scene, self.scene.heading, kind, self)

    def _print(self) -> None:
        org_export.print_scene(self.scene, self.scene.heading, self)
