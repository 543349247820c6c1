"""My job contacts: the positions my jobs work with, with the notes for whoever comes next.

Job contacts are read per position I hold, in both directions, and the outbox is laid
over them: a contact just added shows at once, marked as waiting to be sent; a note
being rewritten shows the new text; one being removed says so; a refused write shows
the server's reason. Only contacts made from my side (or from a position I lead) can be
edited or removed; one the other side made is theirs, as the server sees it too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import msgspec

from desktop.context import ViewContext
from desktop.qt import (
    QAbstractListModel,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QModelIndex,
    QPersistentModelIndex,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Slot,
)
from desktop.views.common.job_contact_dialog import JobContactDialog, open_job_contact_dialog
from desktop.write_op import WriteOp
from sync import protocol as p
from sync import writes
from sync.cache.db import Cache
from sync.cache.read.handover import job_contacts
from sync.cache.read.people import get_person, get_position, positions_of
from sync.cache.read.rights import is_admin, may_edit_position
from sync.cache.write import outbox

_job_write = msgspec.json.Decoder(p.JobConnectionWrite)
JOB_PATH = "/api/v1/job-connections/"


@dataclass(frozen=True, slots=True)
class ContactRow:
    connection: p.Connection
    mine: p.Position | None  # my end
    other: p.Position | None
    holder: p.Person | None  # of the other end
    state: str = ""  # "" synced | "pending" | "removing" | "failed"
    error: str = ""
    editable: bool = False


def contact_rows(cache: Cache, me: str) -> list[ContactRow]:
    """The job contacts of my positions once the waiting writes are sent, newest first."""
    admin = is_admin(cache)
    held = {position.id: position for position in positions_of(cache, me)}
    rows: dict[str, ContactRow] = {}
    for position in held.values():
        for contact in job_contacts(cache, position.id):
            connection = contact.connection
            rows[connection.id] = ContactRow(
                connection, position, contact.position, contact.holder,
                editable=may_edit_position(cache, me, connection.from_id,
                                                  is_admin=admin))
    for item in outbox.all_items(cache):
        if not item.path.startswith(JOB_PATH):
            continue
        connection_id = item.path[len(JOB_PATH):]
        failed = item.state == "failed"
        if item.method == "DELETE":
            if connection_id in rows:
                rows[connection_id] = replace(rows[connection_id],
                                              state="failed" if failed else "removing",
                                              error=item.error or "")
            continue
        try:
            write = _job_write.decode(item.body)
        except msgspec.DecodeError:
            continue
        ends = (write.from_position_id, write.to_position_id)
        if not held.keys() & set(ends):
            continue
        connection = p.Connection(id=connection_id, origin="", version=1, updated_at=0,
                                  connection_kind="job", from_id=ends[0], to_id=ends[1],
                                  note=write.note)
        row = rows.get(connection_id)
        if row is None:
            mine_id, other_id = ends if ends[0] in held else ends[::-1]
            other = get_position(cache, other_id)
            holder = (get_person(cache, other.holder_id)
                      if other and other.holder_id else None)
            row = ContactRow(connection, held[mine_id], other, holder, editable=True)
        elif not failed:
            row = replace(row, connection=msgspec.structs.replace(row.connection,
                                                                 note=write.note))
        rows[connection_id] = replace(row, state="failed" if failed else "pending",
                                      error=item.error or "")
    return sorted(rows.values(), key=lambda r: (r.state == "", r.other.title if r.other else ""))


class JobContactsModel(QAbstractListModel):
    """Few rows (a job has a handful of contacts), so read whole on each refresh."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ContactRow] = []
        self.texts: list[str] = []

    def set_rows(self, rows: list[ContactRow], texts: list[str]) -> None:
        if texts != self.texts or rows != self.rows:
            self.beginResetModel()
            self.rows, self.texts = rows, texts
            self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.texts[index.row()]
        return None


class JobContactsWidget(QWidget):
    """The list with Edit note and Remove; Enter on a row opens the contact's card."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: JobContactDialog | None = None
        self.confirm: QMessageBox | None = None
        self.model = JobContactsModel(self)
        self.list = QListView()
        self.list.setObjectName("myJobContacts")
        self.list.setAccessibleName(self.tr("My job contacts"))
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.activated.connect(self.open_holder)
        self.empty = QLabel(self.tr("No job contacts yet. Add one from a colleague's card."))
        self.empty.setWordWrap(True)
        self.edit_button = QPushButton(self.tr("&Edit note…"))
        self.edit_button.setAccessibleName(self.tr("Edit the note of the job contact"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton(self.tr("Re&move"))
        self.remove_button.setAccessibleName(self.tr("Remove the job contact"))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("&Job contacts of my position"))
        title.setBuddy(self.list)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    def row_text(self, row: ContactRow, several: bool = False) -> str:
        """The other seat and who holds it; my side only when I hold more than one."""
        name = row.holder.display_name if row.holder else self.tr("vacant")
        text = self.tr("%1: %2").replace("%1", row.other.title if row.other else "?").replace(
            "%2", name)
        if several and row.mine is not None:
            text = self.tr("%1 ↔ %2").replace("%1", row.mine.title).replace("%2", text)
        if row.connection.note:
            text += f"\n“{row.connection.note}”"
        if row.state == "pending":
            text += "\n" + self.tr("(waiting to be sent)")
        elif row.state == "removing":
            text += "\n" + self.tr("(being removed: waiting to be sent)")
        elif row.state == "failed":
            text += "\n" + self.tr("(refused: %1)").replace("%1", row.error)
        if not row.editable:
            text += "\n" + self.tr("(added by the other side: their note)")
        return text

    def refresh(self) -> None:
        me = self.ctx.me
        rows = contact_rows(self.ctx.cache, me) if me else []
        selected = self.selected()
        several = len({row.mine.id for row in rows if row.mine is not None}) > 1
        self.model.set_rows(rows, [self.row_text(row, several) for row in rows])
        if selected is not None:  # keep the selection across a sync
            for n, row in enumerate(rows):
                if row.connection.id == selected.connection.id:
                    self.list.setCurrentIndex(self.model.index(n))
        self.empty.setVisible(not rows)
        self._update_buttons()

    def selected(self) -> ContactRow | None:
        index = self.list.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def _update_buttons(self) -> None:
        row = self.selected()
        editable = row is not None and row.editable
        self.edit_button.setEnabled(editable and row is not None and row.state != "removing")
        self.remove_button.setEnabled(editable and row is not None and row.state == "")

    @Slot()
    def edit_selected(self) -> JobContactDialog | None:
        row = self.selected()
        if row is None or not row.editable:
            return None
        self.dialog = open_job_contact_dialog(self.ctx, self, connection=row.connection)
        return self.dialog

    @Slot()
    def remove_selected(self) -> QMessageBox | None:
        """Asked first: the note goes with it, and the next holder loses it too."""
        row = self.selected()
        if row is None or not row.editable:
            return None
        other = row.other.title if row.other else "?"
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove job contact"),
                          self.tr("Remove the job contact with %1? Its note is removed "
                                  "too, also for whoever holds your position next.")
                          .replace("%1", other),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        connection_id = row.connection.id

        def answered(_result: int) -> None:
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
                WriteOp(self.ctx, lambda cache: writes.queue_job_connection_delete(
                    cache, connection_id), self).run()

        box.finished.connect(answered)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.confirm = box
        return box

    @Slot(QModelIndex)
    def open_holder(self, index: QModelIndex) -> None:
        row = self.model.rows[index.row()] if index.isValid() else None
        if row is not None and row.holder is not None:
            self.ctx.navigator.navigate("people", row.holder.id)
