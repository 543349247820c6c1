"""A filter field over a list of choices, steered from the keyboard alone.

The handover wizard's position and successor steps are both such a page: typing asks
the cache for what matches, Down/Up move the choice while typing goes on, Enter goes
on to the next step. Kept apart from the wizard so other dialogs that pick one record
out of many can use it too; the class names stay, so their translation contexts do.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop.views.digest import wrapped


class ChoiceList(QListWidget):
    """A list that a filter field above it can steer with the arrow keys."""

    def __init__(self, accessible_name: str) -> None:
        super().__init__()
        self.setAccessibleName(accessible_name)

    def chosen(self) -> str | None:
        item = self.currentItem()
        if item is None or not item.isSelected():
            return None
        return str(item.data(Qt.ItemDataRole.UserRole))

    def choose_first(self) -> None:
        self.setCurrentRow(0 if self.count() else -1)


class FilterEdit(QLineEdit):
    """Down/Up move the choice in the list below while typing goes on here."""

    def __init__(self, target: ChoiceList, accessible_name: str, placeholder: str) -> None:
        super().__init__()
        self.target = target
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = self.target.currentRow() + step
            if 0 <= row < self.target.count():
                self.target.setCurrentRow(row)
            return
        super().keyPressEvent(event)


class ChoicePage(QWizardPage):
    """A filter field over a list; Next only with a chosen entry."""

    def __init__(self) -> None:
        super().__init__()
        self.choices = ChoiceList("")
        self.filter = FilterEdit(self.choices, "", "")
        self.prompt = QLabel()
        self.prompt.setBuddy(self.filter)
        self.hint = wrapped("", "choiceHint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.filter)
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.hint)
        self.choices.currentRowChanged.connect(lambda _row: self.completeChanged.emit())
        self.choices.itemSelectionChanged.connect(self.completeChanged)
        self.filter.textChanged.connect(self.search)

    def set_texts(self, title: str, prompt: str, list_name: str, placeholder: str) -> None:
        self.setTitle(title)
        self.prompt.setText(prompt)
        self.choices.setAccessibleName(list_name)
        self.filter.setAccessibleName(prompt.replace("&", ""))
        self.filter.setPlaceholderText(placeholder)

    def chosen(self) -> str | None:
        return self.choices.chosen()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.chosen() is not None

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        return self.isComplete()

    def add_choice(self, text: str, record_id: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, record_id)
        self.choices.addItem(item)

    def choice_ids(self) -> list[str]:
        return [str(self.choices.item(row).data(Qt.ItemDataRole.UserRole))
                for row in range(self.choices.count())]

    @Slot(str)
    def search(self, text: str) -> None:
        """Each page asks the cache for what matches, a screenful at a time."""
        raise NotImplementedError


class SearchChooser(QWidget):
    """One record out of very many, in a form: a filter field over a short list of what
    matches. Nothing lists them all (an admin may edit a hundred thousand positions):
    `find(text)` answers with at most `limit` (id, label) pairs, the nearest ones when
    nothing is typed. The choice stays while typing narrows the list and it is still in
    it; otherwise typing picks the first match. Enter in the field goes to the list, not
    to the dialog's default button, so a half-filled form is never saved by it."""

    changed = Signal()

    def __init__(self, find: Callable[[str], list[tuple[str, str]]], accessible_name: str,
                 placeholder: str, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._find = find
        self.limit = limit
        self.choices = ChoiceList(accessible_name)
        self.choices.setMaximumHeight(160)
        self.filter = FilterEdit(self.choices, self.tr("Find: %1").replace("%1", accessible_name),
                                 placeholder)
        self.filter.installEventFilter(self)
        self.hint = wrapped("", "choiceHint")
        self.hint.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.choices)
        layout.addWidget(self.hint)
        self.filter.textChanged.connect(self.search)
        self.choices.currentRowChanged.connect(lambda _row: self.changed.emit())
        self.choices.itemSelectionChanged.connect(self.changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (watched is self.filter and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            if self.choices.count():
                self.choices.setFocus()
            return True
        return super().eventFilter(watched, event)

    def chosen(self) -> str | None:
        return self.choices.chosen()

    def choice_ids(self) -> list[str]:
        return [str(self.choices.item(row).data(Qt.ItemDataRole.UserRole))
                for row in range(self.choices.count())]

    def choose(self, record_id: str | None) -> None:
        """Select a listed record (e.g. the one a form starts from)."""
        ids = self.choice_ids()
        self.choices.setCurrentRow(ids.index(record_id) if record_id in ids else -1)

    @Slot(str)
    def search(self, text: str) -> None:
        previous = self.chosen()
        self.choices.clear()
        for record_id, label in self._find(text.strip())[:self.limit]:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            self.choices.addItem(item)
        if previous in self.choice_ids():
            self.choose(previous)
        else:
            self.choices.choose_first()
        found = self.choices.count()
        if found >= self.limit:
            self.hint.setText(self.tr("Only the first %1 are shown; type more to narrow "
                                      "them down.").replace("%1", str(self.limit)))
        else:
            self.hint.setText(self.tr("Nothing matches.") if text.strip() and not found
                              else "")
        self.hint.setVisible(bool(self.hint.text()))
        self.changed.emit()
