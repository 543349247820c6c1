"""The register of responsibilities: every duty, who owns it, who stands in, and gaps.

Search answers one topic; the register lets a lead look over all of their team's duties
(or the whole company's), spot the ones nobody can be asked about (owner vacant, no
deputy holding a seat) and those not or no longer in force, and change them where the
server will accept it (may_edit_position). The table is a lazy model
(desktop/models/register.py): the listing holds ids and titles only, rows are read a
page at a time.

Changes are outbox items: a new or edited duty shows at once, marked pending; one the
server refused keeps the user's text, shows the server's reason in the status line, and
offers Retry, Edit again and Discard, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.context import ViewContext
from desktop.models.register import RegisterModel, RowRole
from desktop.qt import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPushButton,
    QShortcut,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from desktop.views.who.responsibility_editor import ResponsibilityEditor, confirm_delete
from desktop.write_op import WriteOp
from sync import writes
from sync.cache.db import Cache
from sync.cache.read.lead import leads_anything
from sync.cache.read.people import get_responsibility, positions_of
from sync.cache.read.register import RegisterRow, failed_changes, register_row
from sync.cache.read.rights import is_admin, may_edit_position
from sync.cache.write import outbox

FILTER_PAUSE_MS = 150


class RegisterPanel(QWidget):
    """The register page of Who does what: filters, the table, actions, refused changes."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RegisterModel(ctx.cache, ctx.me, self)
        self.scope_combo = QComboBox()
        self.scope_combo.setObjectName("registerScope")
        self.scope_combo.setAccessibleName(self.tr("Show responsibilities of"))
        for text, scope in ((self.tr("My positions"), "mine"), (self.tr("My unit(s)"), "units"),
                            (self.tr("All"), "all")):
            self.scope_combo.addItem(text, scope)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("registerFilter")
        self.filter_edit.setAccessibleName(self.tr("Filter responsibilities"))
        self.filter_edit.setPlaceholderText(
            self.tr("Filter by title, keyword, synonym, position or name"))
        self.filter_edit.setClearButtonEnabled(True)
        show = QLabel(self.tr("Sho&w:"))
        show.setBuddy(self.scope_combo)
        self.table = QTableView()
        self.table.setObjectName("registerTable")
        self.table.setAccessibleName(self.tr("Responsibilities"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Every column in view at any window width, none scrolled off to the right: the
        # texts share the width, unit and validity take what they need.
        header.setStretchLastSection(False)
        for column, mode in enumerate((QHeaderView.ResizeMode.Stretch,) * 3
                                      + (QHeaderView.ResizeMode.ResizeToContents,
                                         QHeaderView.ResizeMode.Stretch,
                                         QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        for keys, action in (((Qt.Key.Key_Return, Qt.Key.Key_Enter), self.edit_selected),
                             ((Qt.Key.Key_Delete,), self.delete_selected)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self.table)
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
                shortcut.activated.connect(action)
        self.count_label = QLabel()
        self.count_label.setObjectName("registerCount")
        self.new_button = self._button(
            self.tr("&New…"), self.tr("New responsibility"), self.new_responsibility)
        self.edit_button = self._button(
            self.tr("&Edit…"), self.tr("Edit the selected responsibility"), self.edit_selected)
        self.delete_button = self._button(
            self.tr("De&lete…"), self.tr("Delete selected responsibility"), self.delete_selected)
        self.status = QLabel()
        self.status.setObjectName("registerStatus")
        self.status.setWordWrap(True)
        self.status.setProperty("tone", "warning")
        self.retry_button = self._button(
            self.tr("Re&try"), self.tr("Send the refused change again"), self.retry_failed)
        self.again_button = self._button(
            self.tr("Edit &again…"), self.tr("Edit the refused change"), self.edit_failed)
        self.discard_button = self._button(
            self.tr("&Discard"), self.tr("Discard the refused change"), self.discard_failed)
        filters = QHBoxLayout()
        filters.addWidget(show)
        filters.addWidget(self.scope_combo)
        filters.addWidget(self.filter_edit, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        for button in (self.new_button, self.edit_button, self.delete_button):
            actions.addWidget(button)
        failures = QHBoxLayout()
        failures.addWidget(self.status, 1)
        for button in (self.retry_button, self.again_button, self.discard_button):
            failures.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addLayout(failures)
        self.failed: list[outbox.OutboxItem] = []
        self.editor: ResponsibilityEditor | None = None
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(FILTER_PAUSE_MS)
        self._pause.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(self._pause.start)
        self.filter_edit.returnPressed.connect(self.apply_filter)
        self.scope_combo.currentIndexChanged.connect(self.apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self._kept_selection: str | None = None
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        # A lead starts with their own team; others with their own duties.
        leads = bool(ctx.me) and leads_anything(ctx.cache, ctx.me or "")
        self.scope_combo.setCurrentIndex(1 if leads else 0)  # applies the filter

    def _button(self, text: str, accessible: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.clicked.connect(slot)
        return button

    # -- reading -----------------------------------------------------------------------

    def apply_filter(self) -> None:
        self._pause.stop()
        self.model.set_filter(self.scope_combo.currentData(), self.filter_edit.text())
        self.refresh()

    def refresh(self) -> None:
        self.model.reload()
        total = len(self.model.listing)
        self.count_label.setText(self.tr("%n responsibilities", "", total))
        cache = self.ctx.cache
        self.new_button.setVisible(is_admin(cache) or bool(
            self.ctx.me and positions_of(cache, self.ctx.me)))
        self.failed = failed_changes(cache)
        if self.failed:
            first = self.failed[0]
            more = len(self.failed) - 1
            text = self.tr("A change was refused: %1").replace("%1", first.error or "")
            if more:
                text += " " + self.tr("(%n more)", "", more)
            self.status.setText(text)
        self.status.setVisible(bool(self.failed))
        for button in (self.retry_button, self.again_button, self.discard_button):
            button.setVisible(bool(self.failed))
        if self.failed and self.failed[0].method == "DELETE":
            self.again_button.hide()  # a refused deletion has no text to edit
        self._update_actions()

    def selected_row(self) -> RegisterRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        row = indexes[0].data(RowRole)
        return row if isinstance(row, RegisterRow) else None

    def select(self, responsibility_id: str) -> bool:
        number = self.model.row_of(responsibility_id)
        if number < 0:
            return False
        self.table.selectRow(number)
        self.table.scrollTo(self.model.index(number, 0))
        return True

    def _remember_selection(self) -> None:
        row = self.selected_row()
        self._kept_selection = row.responsibility.id if row is not None else None

    def _restore_selection(self) -> None:
        """A sync that changes the list keeps the user's row selected (if still listed)."""
        if self._kept_selection is not None:
            self.select(self._kept_selection)
        self._update_actions()

    def may_edit(self, row: RegisterRow | None) -> bool:
        if row is None or (row.queued is not None and row.queued.action == "delete"):
            return False
        cache = self.ctx.cache
        return may_edit_position(cache, self.ctx.me, row.responsibility.owner_position_id,
                                        is_admin=is_admin(cache))

    def _update_actions(self) -> None:
        row = self.selected_row()
        allowed = self.may_edit(row)
        self.edit_button.setVisible(allowed)
        self.delete_button.setVisible(allowed and row is not None and row.stored)

    # -- changing ----------------------------------------------------------------------

    def _open(self, editor: ResponsibilityEditor) -> ResponsibilityEditor:
        self.editor = editor
        editor.finished.connect(lambda _result: self.refresh())
        editor.open()
        return editor

    def new_responsibility(self) -> ResponsibilityEditor:
        return self._open(ResponsibilityEditor(self.ctx, parent=self))

    def edit_selected(self) -> ResponsibilityEditor | None:
        row = self.selected_row()
        if not self.may_edit(row):
            return None
        assert row is not None
        return self._open(ResponsibilityEditor(self.ctx, row.responsibility,
                                               stored=True, parent=self))

    def delete_selected(self) -> None:
        row = self.selected_row()
        if not self.may_edit(row):
            return
        assert row is not None
        if confirm_delete(self, row.responsibility):
            record_id = row.responsibility.id
            self._write(lambda cache: writes.queue_responsibility_delete(cache, record_id))

    def retry_failed(self) -> None:
        if self.failed:
            item_id = self.failed[0].id
            self._write(lambda cache: outbox.retry(cache, item_id))

    def discard_failed(self) -> None:
        if self.failed:
            item_id = self.failed[0].id
            self._write(lambda cache: outbox.discard(cache, item_id))

    def edit_failed(self) -> ResponsibilityEditor | None:
        """The refused change in the editor, over what the server has now (or as a new
        duty if it is gone); saving replaces the refused item."""
        if not self.failed:
            return None
        item = self.failed[0]
        row = register_row(self.ctx.cache, item.path.rsplit("/", 1)[1])
        if item.method == "DELETE" or row is None:
            return None  # a refused delete: Retry or Discard say all there is
        stored = get_responsibility(self.ctx.cache, row.responsibility.id) is not None
        return self._open(ResponsibilityEditor(self.ctx, row.responsibility,
                                               replaces=item.id, stored=stored, parent=self))

    def _write(self, write: Callable[[Cache], object]) -> None:
        """The register re-reads when the write is queued; a refusal shows in its status
        line until then."""
        def refused(error: str) -> None:
            self.refresh()
            self.status.setText(error)
            self.status.show()

        WriteOp(self.ctx, write, self).success(lambda _item: self.refresh()) \
            .failure(refused).run()
