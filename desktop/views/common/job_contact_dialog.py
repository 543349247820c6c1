"""Adding a job contact, or rewriting its note: which of my positions, which of theirs, why.

A job contact links two positions, not two people, so it passes to whoever holds the
job next; the note is what the holder wants their successor to know about the contact.
That is why the dialog asks for positions: my own, or one I lead, on my side (only
those the server lets me write, read from the cache with the same rule, found by
typing: an admin or a company lead may write for every position there is), and the
colleague's on the other. OK only queues the write; the outbox sends it when the
server can be reached, so the dialog works the same offline.
"""

from __future__ import annotations

from typing import Any

from desktop.context import ViewContext
from desktop.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Slot,
)
from desktop.views.common.choosers import SearchChooser
from desktop.write_op import WriteOp
from sync import protocol as p
from sync import writes
from sync.cache.read.handover import job_contacts
from sync.cache.read.people import get_person, get_position, positions_of
from sync.cache.read.rights import find_editable_positions, is_admin

MINE_SHOWN = 50


def my_positions(ctx: ViewContext, text: str = "") -> list[p.Position]:
    """The positions the signed-in person may give a job contact that match the text:
    own first, then led (the nearest ones when nothing is typed), at most MINE_SHOWN."""
    if not ctx.me:
        return []
    cache = ctx.cache
    return find_editable_positions(cache, ctx.me, text, MINE_SHOWN,
                                          is_admin=is_admin(cache))


def may_add_job_contact(ctx: ViewContext, person_id: str) -> bool:
    """Offered when I hold a position (a lead holds their lead seat) or am an admin, and
    the colleague holds one. Asked on every card shown, so it never lists what I lead."""
    if not ctx.me or person_id == ctx.me:
        return False
    cache = ctx.cache
    if not positions_of(cache, person_id):
        return False
    return bool(positions_of(cache, ctx.me)) or is_admin(cache)


class JobContactDialog(QDialog):
    """New (positions chosen here) or an existing contact (positions fixed, note editable)."""

    def __init__(self, ctx: ViewContext, *, person_id: str | None = None,
                 connection: p.Connection | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.connection = connection
        self.write_op: WriteOp | None = None  # the contact being queued, once saved
        self.setWindowTitle(self.tr("Edit job contact note") if connection
                            else self.tr("Add job contact"))
        self._fixed: p.Position | None = None  # an existing contact's own end
        self.mine = SearchChooser(self._find_mine, self.tr("My position"),
                                  self.tr("Type a title, a name or a unit"), MINE_SHOWN)
        self.theirs = QComboBox()
        self.theirs.setAccessibleName(self.tr("Their position"))
        self.note = QPlainTextEdit()
        self.note.setAccessibleName(self.tr("Note for your successor"))
        self.note.setPlaceholderText(self.tr("What should the next holder know about this "
                                             "contact? e.g. weekly call on Mondays"))
        self.note.setTabChangesFocus(True)
        self.left = QLabel()
        self.left.setObjectName("noteCharactersLeft")
        self.problem = QLabel()
        self.problem.setObjectName("jobContactProblem")
        self.problem.setWordWrap(True)
        self.problem.setProperty("tone", "warning")
        self._fill(person_id, connection)
        form = QFormLayout()
        for text, field in ((self.tr("&From my position:"), self.mine),
                            (self.tr("&To their position:"), self.theirs),
                            (self.tr("&Note:"), self.note)):
            caption = QLabel(text)
            caption.setBuddy(self.mine.filter if field is self.mine else field)
            form.addRow(caption, field)
        form.addRow("", self.left)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Save note") if connection else self.tr("Add contact"))
        self.ok_button.setAccessibleName(self.ok_button.text())
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.note.textChanged.connect(self._on_note)
        self.mine.changed.connect(self._check)
        self.theirs.currentIndexChanged.connect(self._check)
        self._on_note()
        (self.note if connection else self.mine.filter).setFocus()

    def _fill(self, person_id: str | None, connection: p.Connection | None) -> None:
        cache = self.ctx.cache
        if connection is not None:  # the positions stay; only the note changes
            self._fixed = get_position(cache, connection.from_id)
            theirs = get_position(cache, connection.to_id)
            self.mine.search("")
            self.mine.setEnabled(False)
            self.theirs.addItem(self._label(theirs) if theirs else "?",
                                theirs.id if theirs else "")
            self.theirs.setEnabled(False)
            self.note.setPlainText(connection.note)
            return
        self.mine.search("")
        for position in positions_of(cache, person_id) if person_id else []:
            self.theirs.addItem(self._label(position), position.id)

    def _find_mine(self, text: str) -> list[tuple[str, str]]:
        if self.connection is not None:
            fixed = self._fixed
            return [(fixed.id, self._label(fixed))] if fixed is not None else []
        return [(position.id, self._label(position))
                for position in my_positions(self.ctx, text)]

    def _label(self, position: p.Position) -> str:
        holder = (get_person(self.ctx.cache, position.holder_id)
                  if position.holder_id else None)
        name = holder.display_name if holder else self.tr("vacant")
        return f"{position.title} — {name}"

    def chosen(self) -> tuple[str, str]:
        return str(self.mine.chosen() or ""), str(self.theirs.currentData() or "")

    @Slot()
    def _on_note(self) -> None:
        """Counted down as typed; anything past the limit is cut, as the server would refuse it."""
        text = self.note.toPlainText()
        if len(text) > p.MAX_NOTE:
            cursor = self.note.textCursor()
            position = min(cursor.position(), p.MAX_NOTE)
            self.note.blockSignals(True)
            self.note.setPlainText(text[:p.MAX_NOTE])
            cursor = self.note.textCursor()
            cursor.setPosition(position)
            self.note.setTextCursor(cursor)
            self.note.blockSignals(False)
            text = text[:p.MAX_NOTE]
        self.left.setText(self.tr("%n character(s) left", "", p.MAX_NOTE - len(text)))
        self._check()

    @Slot()
    def _check(self) -> None:
        self.problem.setText(self.problem_text())
        self.ok_button.setEnabled(not self.problem.text())

    def problem_text(self) -> str:
        if self.connection is not None:
            return ""
        mine, theirs = self.chosen()
        if not mine or not theirs:
            return self.tr("Choose a position on each side.")
        if mine == theirs:
            return self.tr("A job contact links two different positions.")
        if any(c.position.id == theirs for c in job_contacts(self.ctx.cache, mine)):
            return self.tr("These positions are job contacts already; edit the note in "
                           "your job contacts on the Me screen.")
        return ""

    @Slot()
    def save(self) -> None:
        if self.problem_text():
            return
        note = self.note.toPlainText().strip()
        mine, theirs = self.chosen()
        record_id = self.connection.id if self.connection else None

        def queue(cache: Any) -> Any:
            return writes.queue_job_connection(cache, mine, theirs, note, record_id=record_id)

        self.write_op = WriteOp(self.ctx, queue).run()
        self.accept()


def open_job_contact_dialog(ctx: ViewContext, parent: QWidget | None = None, *,
                            person_id: str | None = None,
                            connection: p.Connection | None = None) -> JobContactDialog:
    """Window-modal and not blocking, so the app keeps syncing while it is open."""
    dialog = JobContactDialog(ctx, person_id=person_id, connection=connection, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
