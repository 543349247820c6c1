"""A filter field over a list of choices, steered from the keyboard alone.

The handover wizard's position and successor steps are both such a page: typing asks
the cache for what matches, Down/Up move the choice while typing goes on, Enter goes
on to the next step. Kept apart from the wizard so other dialogs that pick one record
out of many can use it too; the class names stay, so their translation contexts do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
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
