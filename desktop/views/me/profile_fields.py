"""The fields of the own-profile form, and how waiting edits are laid over the record.

Me (me.py) shows the profile as it will be once the waiting edits are sent, so the
values come from profile_values() rather than from the stored person alone. The phones
are a field of their own (PhoneRows): a row per number, added and removed in place,
with the form's mnemonic and Tab order kept right as rows come and go.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.qt import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from sync.protocol import Person, Phone, ProfileUpdate

FIELDS = ("about", "skills", "phones", "room", "building", "languages")


def split_list(text: str) -> list[str]:
    """Comma lists as people type them: "SAP, Excel ,, Englisch" -> three entries."""
    return [part.strip() for part in text.split(",") if part.strip()]


def profile_values(person: Person | None, updates: list[ProfileUpdate]) -> dict[str, Any]:
    """The profile as it will be once the waiting updates are sent, oldest first."""
    values: dict[str, Any] = {name: getattr(person, name) if person else None
                                 for name in FIELDS}
    for update in updates:
        for name in FIELDS:
            value = getattr(update, name)
            if value is not None:
                values[name] = value
    return values


def line_edit(accessible_name: str, placeholder: str = "") -> QLineEdit:
    """A one-line field that a screen reader can name even where no label is its buddy."""
    edit = QLineEdit()
    edit.setAccessibleName(accessible_name)
    edit.setPlaceholderText(placeholder)
    return edit


def action_button(text: str, accessible_name: str, slot: Callable[[], object]) -> QPushButton:
    """A button with a spoken name of its own: its text carries a mnemonic and may be terse."""
    button = QPushButton(text)
    button.setAccessibleName(accessible_name)
    button.clicked.connect(slot)
    return button


class PhoneRows(QWidget):
    """Label and number per phone, as many rows as needed (the server allows ten)."""

    edited = Signal()
    MAX_PHONES = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[QLineEdit, QLineEdit, QWidget]] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = action_button(self.tr("Add &phone"), self.tr("Add phone"),
                                        self._add_clicked)
        self._layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._update_proxy()

    def set_phones(self, phones: list[Phone]) -> None:
        while self.rows:
            self._remove(self.rows[-1][2], emit=False)
        for phone in phones:
            self._add_row(phone.label, phone.number)

    def phones(self) -> list[Phone]:
        return [Phone(label.text().strip(), number.text().strip())
                for label, number, _ in self.rows if number.text().strip()]

    @Slot()
    def _add_clicked(self) -> None:
        label, _ = self._add_row("", "")
        label.setFocus()
        self.edited.emit()

    def _add_row(self, label_text: str, number_text: str) -> tuple[QLineEdit, QLineEdit]:
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        n = len(self.rows) + 1
        label = line_edit(self.tr("Phone %1 label").replace("%1", str(n)),
                          self.tr("Label, e.g. Mobile"))
        number = line_edit(self.tr("Phone %1 number").replace("%1", str(n)), self.tr("Number"))
        for edit, text in ((label, label_text), (number, number_text)):
            edit.setText(text)
            edit.textEdited.connect(self.edited)
        remove = QToolButton()
        remove.setText(self.tr("Remove"))
        remove.setAccessibleName(self.tr("Remove phone %1").replace("%1", str(n)))
        remove.clicked.connect(lambda: self._remove(row))
        line.addWidget(label, 1)
        line.addWidget(number, 2)
        line.addWidget(remove)
        self._layout.insertWidget(len(self.rows), row)
        self.rows.append((label, number, row))
        self._update_proxy()
        return label, number

    def _remove(self, row: QWidget, emit: bool = True) -> None:
        self.rows = [r for r in self.rows if r[2] is not row]
        self._layout.removeWidget(row)
        row.deleteLater()
        self._update_proxy()
        if emit:
            self.edited.emit()

    def _update_proxy(self) -> None:
        """The "Phones" mnemonic goes to the first phone, or to Add when there is none;
        Tab walks the rows top to bottom, then Add (rows made later would come last)."""
        self.add_button.setEnabled(len(self.rows) < self.MAX_PHONES)
        self.setFocusProxy(self.rows[0][0] if self.rows else self.add_button)
        chain: list[QWidget] = [self.add_button]
        for label, number, row in self.rows:
            remove = row.findChild(QToolButton)
            chain += [label, number] + ([remove] if remove is not None else [])
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        if len(chain) > 1:
            QWidget.setTabOrder(chain[-1], self.add_button)
