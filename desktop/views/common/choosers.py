"""A filter field over a list of choices, steered from the keyboard alone.

The handover wizard's position and successor steps are both such a page: typing asks
the cache for what matches, Down/Up move the choice while typing goes on, Enter goes
on to the next step. Kept apart from the wizard so other dialogs that pick one record
out of many can use it too (SearchChooser for a required choice in a form, such as a
duty's owner; RecordChooser for an optional one, such as its deputy); the class names
stay, so their translation contexts do.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.qt import (
    QEvent,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    QPushButton,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    QWizardPage,
    Signal,
    Slot,
)
from desktop.views.common.text import wrapped

SEARCH_PAUSE_MS = 150
CHOICES = 12


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


class RecordChooser(QWidget):
    """Pick one record by typing: a search field, up to CHOICES hits, and a Clear button.

    Used for the deputy (any position) and the how-to post; both are optional, so "none"
    is a valid choice and the current one is always named in plain words.
    """

    changed = Signal()

    def __init__(self, find: Callable[[str], list[tuple[str, str]]], none_text: str,
                 accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._find = find
        self._none_text = none_text
        self.record_id: str | None = None
        self.current = QLabel(none_text)
        self.current.setObjectName("chosen")
        self.current.setWordWrap(True)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setAccessibleName(self.tr("Clear: %1").replace("%1", accessible))
        self.clear_button.clicked.connect(lambda: self.choose(None, ""))
        self.search = QLineEdit()
        self.search.setAccessibleName(self.tr("Find: %1").replace("%1", accessible))
        self.search.setPlaceholderText(self.tr("Type to search…"))
        self.search.setClearButtonEnabled(True)
        self.hits = QListWidget()
        self.hits.setAccessibleName(self.tr("Matches: %1").replace("%1", accessible))
        self.hits.setMaximumHeight(120)
        self.hits.hide()
        self.hits.itemClicked.connect(self._take)
        # Enter searches (in the field) or picks (in the list) here and goes no further:
        # in a dialog it would also press the default button and save half-filled.
        self.search.installEventFilter(self)
        self.hits.installEventFilter(self)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.current, 1)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.hits)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._pause.start)
        self.clear_button.setEnabled(False)
        self.clear_button.setAutoDefault(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            if watched is self.search:
                self.run_search()
                if self.hits.count():
                    self.hits.setFocus()
                    self.hits.setCurrentRow(0)
                return True
            if watched is self.hits:
                item = self.hits.currentItem()
                if item is not None:
                    self._take(item)
                return True
        return super().eventFilter(watched, event)

    def choose(self, record_id: str | None, label: str) -> None:
        self.record_id = record_id
        self.current.setText(label if record_id else self._none_text)
        self.clear_button.setEnabled(record_id is not None)
        self.changed.emit()

    def run_search(self) -> None:
        self._pause.stop()
        self.hits.clear()
        text = self.search.text().strip()
        for record_id, label in (self._find(text) if text else [])[:CHOICES]:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            self.hits.addItem(item)
        self.hits.setVisible(self.hits.count() > 0)

    def _take(self, item: QListWidgetItem) -> None:
        self.choose(str(item.data(Qt.ItemDataRole.UserRole)), item.text())
        self.search.clear()
        self._pause.stop()
        self.hits.clear()
        self.hits.hide()
        self.search.setFocus()
