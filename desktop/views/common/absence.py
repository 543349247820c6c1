"""Marking a position's holder away (first and last day) or back, for colleagues to see.

An absence belongs to the position: while it lasts, "Who does what" sends people to the
deputy and the org chart draws the seat as away. The holder marks themself ("I'm
away…" on the Me screen); a lead marks a seat of their team from the org chart. Both
are offered only where the server will accept it (the holder, a lead above, an admin),
and both only queue the write, so it works offline and is sent at the next sync; until
then the dates are shown as waiting.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from desktop.context import ViewContext
from desktop.qt import (
    QComboBox,
    QCoreApplication,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Slot,
)
from desktop.views.common.text import day_text
from desktop.write_op import WriteOp
from sync import protocol as p
from sync import writes
from sync.cache.db import Cache
from sync.cache.read.people import get_person, get_position, positions_of
from sync.cache.read.rights import is_admin, may_edit_position
from sync.cache.write import outbox

_absence_write = msgspec.json.Decoder(p.AbsenceWrite)
DEFAULT_DAYS = 7


def absence_path(position_id: str) -> str:
    return f"/api/v1/positions/{position_id}/absence"


def planned_absence(cache: Cache, position: p.Position) -> tuple[dt.date | None, dt.date | None,
                                                                 str]:
    """(from, to, state) once the waiting writes are sent; state "" | "pending" | "failed"."""
    start, end, state = position.absent_from, position.absent_to, ""
    path = absence_path(position.id)
    for item in outbox.all_items(cache):
        if item.path != path:
            continue
        if item.state == "failed":
            state = "failed"
            continue
        try:
            write = _absence_write.decode(item.body)
        except msgspec.DecodeError:
            continue
        start, end, state = write.absent_from, write.absent_to, "pending"
    return start, end, state


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class AbsenceDialog(QDialog):
    """From and to (both inclusive); Clear ends an absence; OK only when to >= from."""

    def __init__(self, ctx: ViewContext, positions: list[p.Position],
                 parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or dt.date.today()
        self.write_op: WriteOp | None = None  # the absence being queued, once saved
        self.setWindowTitle(self.tr("Absence"))
        self.position_box = QComboBox()
        self.position_box.setAccessibleName(self.tr("Position"))
        for position in positions:
            self.position_box.addItem(self._label(position), position.id)
        self.position_box.setEnabled(len(positions) > 1)
        self.first = QDateEdit()
        self.first.setAccessibleName(self.tr("First day away"))
        self.last = QDateEdit()
        self.last.setAccessibleName(self.tr("Last day away"))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.dateChanged.connect(self._check)
        self.now = QLabel()
        self.now.setObjectName("absenceNow")
        self.now.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("absenceProblem")
        self.problem.setProperty("tone", "warning")
        form = QFormLayout()
        for text, field in ((self.tr("&Position:"), self.position_box),
                            (self.tr("&From:"), self.first),
                            (self.tr("&To (last day):"), self.last)):
            caption = QLabel(text)
            caption.setBuddy(field)
            form.addRow(caption, field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Mark away"))
        self.ok_button.setAccessibleName(self.tr("Mark away"))
        self.clear_button = self.buttons.addButton(self.tr("&Back: clear absence"),
                                                   QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.setAccessibleName(self.tr("Clear the absence"))
        self.clear_button.clicked.connect(self.clear_absence)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.now)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.position_box.currentIndexChanged.connect(self._load)
        self._load()
        self.first.setFocus()

    def _label(self, position: p.Position) -> str:
        holder = (get_person(self.ctx.cache, position.holder_id)
                  if position.holder_id else None)
        name = holder.display_name if holder else self.tr("vacant")
        return f"{position.title} — {name}"

    def position_id(self) -> str:
        return str(self.position_box.currentData() or "")

    @Slot()
    def _load(self) -> None:
        """The position's absence as planned (synced or waiting), else today and a week."""
        position = get_position(self.ctx.cache, self.position_id())
        start, end, state = (planned_absence(self.ctx.cache, position) if position
                             else (None, None, ""))
        self.now.setText(absence_text(start, end, state))
        self.clear_button.setVisible(start is not None)
        self.first.setDate(_qdate(start or self.today))
        self.last.setDate(_qdate(end or (start or self.today) + dt.timedelta(DEFAULT_DAYS)))
        self._check()

    def dates(self) -> tuple[dt.date, dt.date]:
        return _pydate(self.first.date()), _pydate(self.last.date())

    @Slot()
    def _check(self) -> None:
        start, end = self.dates()
        problem = ""
        if not self.position_id():
            problem = self.tr("There is no position to mark.")
        elif end < start:
            problem = self.tr("The last day is before the first day.")
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.ok_button.setEnabled(not problem)

    def _queue(self, start: dt.date | None, end: dt.date | None) -> None:
        position_id = self.position_id()
        self.write_op = WriteOp(self.ctx, lambda cache: writes.queue_absence(
            cache, position_id, start, end)).run()
        self.accept()

    @Slot()
    def save(self) -> None:
        if self.ok_button.isEnabled():
            self._queue(*self.dates())

    @Slot()
    def clear_absence(self) -> None:
        if self.position_id():
            self._queue(None, None)


def absence_text(start: dt.date | None, end: dt.date | None, state: str) -> str:
    """ "Away from 1.12. to 5.12.", with "(waiting to be sent)" until the server has it."""
    if start is None:
        text = QCoreApplication.translate("AbsenceDialog", "Not marked away.")
    elif end is None:
        text = QCoreApplication.translate("AbsenceDialog", "Away from %1.").replace(
            "%1", day_text(start))
    else:
        text = (QCoreApplication.translate("AbsenceDialog", "Away from %1 to %2.")
                .replace("%1", day_text(start)).replace("%2", day_text(end)))
    if state == "pending":
        text += " " + QCoreApplication.translate("AbsenceDialog", "(waiting to be sent)")
    elif state == "failed":
        text += " " + QCoreApplication.translate("AbsenceDialog",
                                                 "(the last change was refused)")
    return text


def open_absence_dialog(ctx: ViewContext, positions: list[p.Position],
                        parent: QWidget | None = None) -> AbsenceDialog:
    """Window-modal and not blocking, so the app keeps syncing while it is open."""
    dialog = AbsenceDialog(ctx, positions, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class MyAbsenceRow(QWidget):
    """On the Me screen: whether I'm marked away, and "I'm away…" to change it."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: AbsenceDialog | None = None
        self.state = QLabel()
        self.state.setObjectName("myAbsence")
        self.button = QPushButton(self.tr("I'm a&way…"))
        self.button.setObjectName("awayButton")
        self.button.setAccessibleName(self.tr("Mark yourself away"))
        self.button.clicked.connect(self.open_dialog)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.state, 1)
        row.addWidget(self.button)
        self.refresh()

    def positions(self) -> list[p.Position]:
        return positions_of(self.ctx.cache, self.ctx.me) if self.ctx.me else []

    def refresh(self) -> None:
        positions = self.positions()
        self.setVisible(bool(positions))
        texts = []
        for position in positions:
            start, end, state = planned_absence(self.ctx.cache, position)
            if start is not None or state:
                text = absence_text(start, end, state)
                texts.append(f"{position.title}: {text}" if len(positions) > 1 else text)
        self.state.setText(" ".join(texts))

    @Slot()
    def open_dialog(self) -> AbsenceDialog | None:
        positions = self.positions()
        if not positions:
            return None
        self.dialog = open_absence_dialog(self.ctx, positions, self)
        return self.dialog


class AbsenceButton(QPushButton):
    """For a seat on the org chart: shown only when I may mark that position away."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.position_id: str | None = None
        self.dialog: AbsenceDialog | None = None
        self.setText(self.tr("Mark &absent…"))
        self.setObjectName("seatAbsence")
        self.setAccessibleName(self.tr("Mark the selected position absent"))
        self.clicked.connect(self.open_dialog)
        self.hide()

    def set_position(self, position_id: str | None) -> None:
        """Hidden for a vacant seat: there is nobody to be away."""
        cache, me = self.ctx.cache, self.ctx.me
        position = get_position(cache, position_id) if position_id else None
        allowed = position is not None and position.holder_id is not None and (
            may_edit_position(cache, me, position.id, is_admin=is_admin(cache)))
        self.position_id = position_id if allowed else None
        self.setVisible(allowed)

    @Slot()
    def open_dialog(self) -> AbsenceDialog | None:
        position = (get_position(self.ctx.cache, self.position_id)
                    if self.position_id else None)
        if position is None:
            return None
        self.dialog = open_absence_dialog(self.ctx, [position], self.window())
        return self.dialog
