"""The synonyms of a responsibility in its editor: a word is added, a word is removed.

Keywords say what a duty covers and are typed as one comma separated line, like tags;
synonyms are other words for the same thing, found by the search but never shown as a
description (docs/organisation.md). They are edited one word at a time in a list, so
a word with a comma ("Karte, verloren") or a space stays one synonym and removing one
never means editing a long line.
"""

from __future__ import annotations

from desktop.qt import (
    QAbstractItemView,
    QEvent,
    QHBoxLayout,
    QKeyEvent,
    QKeySequence,
    QLineEdit,
    QListWidget,
    QObject,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from sync import protocol as p


class SynonymList(QWidget):
    """A line to type a synonym in (Enter or Add takes it) and the list of those taken
    (Remove or the Delete key drops the selected one)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.word_edit = QLineEdit()
        self.word_edit.setObjectName("synonymWord")
        self.word_edit.setAccessibleName(self.tr("New synonym"))
        self.word_edit.setPlaceholderText(
            self.tr("Another word people search with, e.g. Rechner"))
        self.word_edit.setMaxLength(p.MAX_SYNONYM)
        self.add_button = QPushButton(self.tr("&Add"))
        self.add_button.setAccessibleName(self.tr("Add the synonym"))
        self.add_button.setAutoDefault(False)
        self.words = QListWidget()
        self.words.setObjectName("synonymList")
        self.words.setAccessibleName(self.tr("Synonyms"))
        self.words.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.words.setMaximumHeight(96)
        self.remove_button = QPushButton(self.tr("Re&move"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected synonym"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.setEnabled(False)
        entry = QHBoxLayout()
        entry.setContentsMargins(0, 0, 0, 0)
        entry.addWidget(self.word_edit, 1)
        entry.addWidget(self.add_button)
        listed = QHBoxLayout()
        listed.setContentsMargins(0, 0, 0, 0)
        listed.addWidget(self.words, 1)
        listed.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(entry)
        layout.addLayout(listed)
        self.setToolTip(self.tr("Synonyms are only searched: “Rechner” finds the duty "
                                "“Laptop”. Keywords are shown in the register."))
        self.add_button.clicked.connect(self.add_typed)
        self.word_edit.installEventFilter(self)  # Enter adds the word, never saves
        self.word_edit.textChanged.connect(self._enable)
        self.remove_button.clicked.connect(self.remove_selected)
        self.words.currentRowChanged.connect(self._enable)
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.words)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)
        self._enable()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (watched is self.word_edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.add_typed()
            return True
        return super().eventFilter(watched, event)

    def values(self) -> list[str]:
        return [self.words.item(row).text() for row in range(self.words.count())]

    def set_values(self, words: list[str]) -> None:
        self.words.clear()
        self.words.addItems(words)
        self._enable()
        self.changed.emit()

    @Slot()
    def add_typed(self) -> None:
        """Take the typed word; one already listed (in any capitalisation) is selected
        instead of listed twice."""
        word = self.word_edit.text().strip()
        if not word:
            return
        listed = [w.casefold() for w in self.values()]
        if word.casefold() in listed:
            self.words.setCurrentRow(listed.index(word.casefold()))
        else:
            self.words.addItem(word)
            self.words.setCurrentRow(self.words.count() - 1)
        self.word_edit.clear()
        self.word_edit.setFocus()
        self._enable()
        self.changed.emit()

    @Slot()
    def remove_selected(self) -> None:
        row = self.words.currentRow()
        if row < 0:
            return
        self.words.takeItem(row)
        self._enable()
        self.changed.emit()

    @Slot()
    def _enable(self) -> None:
        self.add_button.setEnabled(bool(self.word_edit.text().strip()))
        self.remove_button.setEnabled(self.words.currentRow() >= 0)
