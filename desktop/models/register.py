"""RegisterModel: the responsibilities register as a table that reads a page at a time.

A company's register may hold tens of thousands of duties and must still open at once,
so the model keeps the listing (ids and titles in order, register_listing) and
turns it into full rows (owner, holder, deputy, unit) PAGE at a time as the view
scrolls (Qt calls canFetchMore/fetchMore). A reload after a sync keeps as many rows as
were loaded and leaves the model untouched when nothing changed, so the selection and
scroll position stay under the user's hands; it reads nothing at all when no org data,
queued change or filter moved since. Queued and refused changes are coloured
so the user sees at a glance what the server has not accepted yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QWidget,
)
from desktop.style import current_colour
from sync.cache.db import Cache
from sync.cache.read.lead import org_stamp
from sync.cache.read.org import org_units_stamp
from sync.cache.read.register import (
    Listing,
    RegisterRow,
    Scope,
    queued_changes,
    register_listing,
    register_rows,
)

AnyIndex = QModelIndex | QPersistentModelIndex
PAGE = 100
RowRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("title", "owner", "deputy", "unit", "keywords", "valid")


class RegisterModel(QAbstractTableModel):
    """Responsibilities by title, read PAGE rows at a time as the view scrolls."""

    def __init__(self, cache: Cache, me: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.me = me
        self.scope: Scope = "all"
        self.text = ""
        self.listing = Listing([])
        self.rows: list[RegisterRow] = []
        self.loaded = 0  # listing entries read into rows so far
        self._stamp: object = None  # what the rows were read at (see reload)
        self._headers = (self.tr("Responsibility"), self.tr("Owner"), self.tr("Deputy"),
                         self.tr("Unit"), self.tr("Keywords"), self.tr("Valid"))

    # -- Qt model interface ------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and self.loaded < len(self.listing)

    def fetchMore(self, parent: AnyIndex) -> None:
        """The next page; `loaded` counts listing entries read (a duty deleted by a sync
        meanwhile yields no row, and must not shift the next page)."""
        if parent.isValid() or not self.canFetchMore(parent):
            return
        more = register_rows(self.cache, self.listing, self.loaded, PAGE)
        self.loaded += PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == RowRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.cell(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole cell, where a column cuts it
            whole = self.cell(row, column)
            return "\n".join(filter(None, (whole, self.flags_text(row)))) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.queued is not None and row.queued.state == "failed":
                return QBrush(QColor(current_colour("warning")))
            if (column == "owner" and row.uncovered) or (
                    column == "valid" and row.validity != "in_force"):
                return QBrush(QColor(current_colour("warning")))
            if row.queued is not None or row.validity != "in_force":
                return QBrush(QColor(current_colour("muted")))
        return None

    # -- texts -------------------------------------------------------------------------

    def cell(self, row: RegisterRow, column: str) -> str:
        duty = row.responsibility
        if column == "title":
            state = self.state_text(row)
            return f"{duty.title} ({state})" if state else duty.title
        if column == "owner":
            if row.owner is None:
                return self.tr("unknown position")
            if row.holder is None:
                who = self.tr("vacant, nobody to ask") if row.uncovered else self.tr("vacant")
            else:
                who = row.holder.display_name
                if row.holder_absent:
                    who = self.tr("%1 (absent)").replace("%1", who)
            return f"{row.owner.title} — {who}"
        if column == "deputy":
            if row.deputy is None:
                return ""
            name = row.deputy_holder.display_name if row.deputy_holder else self.tr("vacant")
            return f"{row.deputy.title} — {name}"
        if column == "unit":
            return row.unit.name if row.unit is not None else ""
        if column == "keywords":
            return ", ".join(duty.keywords)
        return self.valid_text(row)

    def state_text(self, row: RegisterRow) -> str:
        queued = row.queued
        if queued is None:
            return ""
        if queued.state == "failed":
            return self.tr("refused")
        return {"create": self.tr("pending"), "edit": self.tr("change pending"),
                "delete": self.tr("deletion pending")}[queued.action]

    def valid_text(self, row: RegisterRow) -> str:
        duty, locale = row.responsibility, QLocale()

        def day(value: Any) -> str:
            return locale.toString(value, QLocale.FormatType.ShortFormat)

        if row.validity == "not_yet" and duty.valid_from is not None:
            return self.tr("not yet in force (from %1)").replace("%1", day(duty.valid_from))
        if row.validity == "expired" and duty.valid_to is not None:
            return self.tr("no longer in force (until %1)").replace("%1", day(duty.valid_to))
        if duty.valid_to is not None:
            return self.tr("until %1").replace("%1", day(duty.valid_to))
        return ""

    def flags_text(self, row: RegisterRow) -> str:
        notes = []
        if row.queued is not None and row.queued.state == "failed":
            notes.append(self.tr("Refused by the server: %1").replace(
                "%1", row.queued.error or ""))
        if row.uncovered:
            notes.append(self.tr("The owner position is vacant and no deputy holds a seat: "
                                 "nobody can be asked about this."))
        if row.validity != "in_force":
            notes.append(self.valid_text(row))
        return "\n".join(notes)

    # -- filling -----------------------------------------------------------------------

    def set_filter(self, scope: Scope, text: str) -> None:
        """Takes effect with the next reload()."""
        self.scope, self.text = scope, text

    def reload(self) -> None:
        """Read the listing again, keeping as many rows loaded as were before; unless
        nothing it shows can have changed (no org data, queued change, filter or day),
        as after most syncs: rows are re-read only then, however far the user scrolled."""
        stamp = (org_stamp(self.cache), org_units_stamp(self.cache),
                 queued_changes(self.cache), dt.date.today(), self.scope, self.text)
        if stamp == self._stamp:
            return
        self._stamp = stamp
        keep = max(PAGE, self.loaded)
        listing = register_listing(self.cache, self.me, self.scope, self.text)
        rows = register_rows(self.cache, listing, 0, keep)
        if listing == self.listing and rows == self.rows:
            return  # nothing changed: the selection and scroll position stay
        self.beginResetModel()
        self.listing, self.rows, self.loaded = listing, rows, keep
        self.endResetModel()

    def row_of(self, responsibility_id: str) -> int:
        """The row of a duty, loading pages until it shows up; -1 if not listed."""
        while True:
            for number, row in enumerate(self.rows):
                if row.responsibility.id == responsibility_id:
                    return number
            if not self.canFetchMore(QModelIndex()):
                return -1
            self.fetchMore(QModelIndex())
