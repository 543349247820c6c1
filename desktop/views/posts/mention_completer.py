"""Mentions completed as you type: "@Ma" in a post or a comment offers the colleagues
whose name it begins, as chat programs do.

One MentionCompleter watches one text box (the compose box's QPlainTextEdit or the
comment box's QLineEdit). Typing "@" and a letter opens a list under the caret with up
to eight people from the cache (so it works offline), each with avatar, name and
position; Up and Down choose, Enter, Tab or a click insert "@Given Family " (the name
exactly as resolve_mentions finds it on send), Esc closes and keeps the text. Words
that match nobody, leaving the box or moving the caret out of the "@word" close it.

The list never takes the keyboard: it is a child of the window, not a window of its
own, takes no focus, and the box hands it the keys it wants while it is open. So Enter
in the list inserts and never sends, and a screen reader follows the box's caret and
the list's current row (each row is named "name, position, unit").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from desktop.avatar import person_avatar
from desktop.context import ViewContext
from desktop.models.people import PositionTitleRole, SiteRole
from desktop.qt import (
    QAbstractItemView,
    QEvent,
    QKeyEvent,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    QPlainTextEdit,
    QPoint,
    QRect,
    QRectF,
    QScrollArea,
    Qt,
    QTextCursor,
)
from desktop.views.common.person_row import ROW_PADDING, PersonRowDelegate
from sync.cache.read.mentionable import MAX_OFFERED, Mentionable, mentionable
from sync.cache.read.photos import photo_of

AVATAR = 28
POPUP_WIDTH = 400
POPUP_PADDING = 2  # as kontor.qss pads QListWidget#mentionPopup
PersonIdRole = Qt.ItemDataRole.UserRole + 20
NameRole = Qt.ItemDataRole.UserRole + 21

# "@" at the start or after a space or an opening bracket or quote (not in an e-mail
# address), then a letter, then up to three words of a name: what is typed so far.
_TYPING_RE = re.compile(r"""(?:^|(?<=[\s(\[{"'„“‚]))@([^\W\d_][\w'-]*(?: [\w'-]*){0,2})$""")
_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab,
         Qt.Key.Key_Escape, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


@dataclass(frozen=True, slots=True)
class Typing:
    """A mention being typed: where its "@" is in the line, and the words after it."""

    at: int
    words: str


def typing_at(line: str, caret: int) -> Typing | None:
    """The mention the caret is at the end of, if any ("Hallo @Max Mu|" -> "Max Mu")."""
    found = _TYPING_RE.search(line[:caret])
    return Typing(found.start(), found.group(1)) if found else None


class MentionCompleter(QObject):
    """The mention list of one text box; create it once the box exists."""

    def __init__(self, ctx: ViewContext, box: QLineEdit | QPlainTextEdit) -> None:
        super().__init__(box)
        self.ctx = ctx
        self.box = box
        self._popup: QListWidget | None = None  # made on first use: a Feed has many boxes
        self._description = box.accessibleDescription()  # the box's own, while closed
        self._typing: Typing | None = None
        self._quiet_at: int | None = None  # an "@" closed by Esc or completed: leave it be
        self._quiet_text = ""  # what followed it then ("Max Müller " after completing)
        self._scrolled_by: list[QScrollArea] = []
        box.installEventFilter(self)
        if isinstance(box, QLineEdit):
            box.textEdited.connect(self.update)
            box.cursorPositionChanged.connect(lambda _old, _new: self._caret_moved())
        else:
            box.textChanged.connect(self.update)
            box.cursorPositionChanged.connect(self._caret_moved)

    @property
    def popup(self) -> QListWidget:
        """The list, a child of the box's window (made when first wanted)."""
        if self._popup is None:
            popup = self._popup = QListWidget(self.box.window())
            popup.setObjectName("mentionPopup")
            popup.setAccessibleName(self.tr("People to mention"))
            popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            popup.setItemDelegate(PersonRowDelegate(popup, AVATAR))
            popup.setUniformItemSizes(True)
            popup.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            popup.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            popup.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            popup.setMouseTracking(True)
            popup.hide()
            popup.itemClicked.connect(self._insert)
            popup.currentRowChanged.connect(self._tell_choice)
            # The window outlives a post's comment box: the list goes with its box.
            self.box.destroyed.connect(popup.deleteLater)
            self._follow_scrolling()
        return self._popup

    # -- the box's text ----------------------------------------------------------

    def _line(self) -> tuple[str, int]:
        """The caret's line and the caret's place in it."""
        if isinstance(self.box, QLineEdit):
            return self.box.text(), self.box.cursorPosition()
        cursor = self.box.textCursor()
        return cursor.block().text(), cursor.positionInBlock()

    def _replace(self, start: int, end: int, text: str) -> None:
        """Put text in place of the line's characters start..end, undoable as one step."""
        if isinstance(self.box, QLineEdit):
            self.box.setSelection(start, end - start)
            self.box.insert(text)
            return
        cursor = self.box.textCursor()
        block = cursor.block().position()
        cursor.setPosition(block + start)
        cursor.setPosition(block + end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)
        self.box.setTextCursor(cursor)

    # -- following the typing ----------------------------------------------------

    def is_open(self) -> bool:
        return self._popup is not None and self._popup.isVisible()

    def update(self) -> None:
        """Offer the people the typed words can mean, or close when there are none."""
        line, caret = self._line()
        typing = typing_at(line, caret) if self.box.hasFocus() else None
        if typing is None or (typing.at == self._quiet_at
                              and typing.words.startswith(self._quiet_text)):
            if typing is None:
                self._quiet_at = None
            self.close()
            return
        self._quiet_at = None
        found = mentionable(self.ctx.cache, typing.words, MAX_OFFERED)
        whole = typing.words.endswith(" ") and any(
            m.person.display_name.casefold() == typing.words.strip().casefold() for m in found)
        if whole:  # a name typed out in full and a space after it: done, as if chosen
            self._quiet_at, self._quiet_text = typing.at, typing.words
        if not found or whole:
            self.close()
            return
        self._typing = typing
        self._fill(found)
        self._place(line, caret, typing)

    def _caret_moved(self) -> None:
        """Moving the caret out of the "@word" (a click, Home, an arrow) closes the list."""
        if self.is_open():
            line, caret = self._line()
            typing = typing_at(line, caret)
            if typing is None or self._typing is None or typing.at != self._typing.at:
                self.close()

    def _fill(self, found: list[Mentionable]) -> None:
        chosen = self.popup.currentItem()
        was = chosen.data(PersonIdRole) if chosen is not None else None
        self.popup.clear()
        for each in found:
            person = each.person
            item = QListWidgetItem(person.display_name)
            item.setData(PersonIdRole, person.id)
            item.setData(NameRole, person.display_name)
            item.setData(PositionTitleRole, person.title)
            item.setData(SiteRole, each.unit)
            item.setData(Qt.ItemDataRole.DecorationRole, person_avatar(
                person.id, person.photo, person.given_name, person.family_name,
                partial(photo_of, self.ctx.cache, person.id), AVATAR))
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         ", ".join(x for x in (person.display_name, person.title, each.unit)
                                   if x))
            self.popup.addItem(item)
        rows = [self.popup.item(i).data(PersonIdRole) for i in range(self.popup.count())]
        self.popup.setCurrentRow(rows.index(was) if was in rows else 0)

    def _place(self, line: str, caret: int, typing: Typing) -> None:
        """Under the "@" (above it where the window ends first), inside the window."""
        window = self.box.window()
        if self.popup.parentWidget() is not window:  # the box moved to another window
            self.popup.setParent(window)
        value = self.box.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle)
        caret_rect = value.toRect() if isinstance(value, QRectF) else QRect(value)
        typed = self.box.fontMetrics().horizontalAdvance(line[typing.at:caret])
        anchor = self.box.mapTo(window, QPoint(caret_rect.left() - typed, caret_rect.bottom()))
        row = AVATAR + 2 * ROW_PADDING
        edges = self.popup.contentsMargins()  # the frame and the style sheet's padding
        height = row * self.popup.count() + edges.top() + edges.bottom() + 2 * POPUP_PADDING
        width = min(POPUP_WIDTH, window.width() - 8)
        x = max(4, min(anchor.x(), window.width() - width - 4))
        y = anchor.y() + 4
        if y + height > window.height() - 4:
            above = self.box.mapTo(window, QPoint(0, caret_rect.top())).y() - height - 4
            y = max(4, above)
        self.popup.setGeometry(x, y, width, height)
        self.popup.show()
        self.popup.raise_()
        self._tell_choice(self.popup.currentRow())

    def _follow_scrolling(self) -> None:
        """The list stays where the window put it: scrolling the box away (a comment
        box in the Feed) closes it rather than leaving it over other posts."""
        parent = self.box.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea) and parent not in self._scrolled_by:
                self._scrolled_by.append(parent)
                # a method, not a lambda: Qt drops the connection with this object
                parent.verticalScrollBar().valueChanged.connect(self._scrolled)
            parent = parent.parentWidget()

    def _tell_choice(self, row: int) -> None:
        """A screen reader stays on the box, so the box describes the row chosen."""
        item = self.popup.item(row) if self.is_open() else None
        if item is None:
            return
        self.box.setAccessibleDescription(
            self.tr("Mention %1 (%2 of %3): Enter inserts, Esc closes")
            .replace("%1", str(item.data(Qt.ItemDataRole.AccessibleTextRole)))
            .replace("%2", str(row + 1)).replace("%3", str(self.popup.count())))

    def _scrolled(self, _value: int) -> None:
        self.close()

    def close(self) -> None:
        self._typing = None
        if self._popup is not None and self._popup.isVisible():
            self._popup.hide()
            self.box.setAccessibleDescription(self._description)

    # -- choosing ----------------------------------------------------------------

    def _insert(self, item: QListWidgetItem | None) -> None:
        """"@Max Mu" becomes "@Max Müller ": the whole name, then a space to go on."""
        typing = self._typing
        if item is None or typing is None:
            return
        name = str(item.data(NameRole))
        line, caret = self._line()
        self.close()
        self._quiet_at, self._quiet_text = typing.at, f"{name} "
        self._replace(typing.at, caret, f"@{name} ")
        self.box.setFocus()

    def _move(self, step: int) -> None:
        count = self.popup.count()
        self.popup.setCurrentRow((self.popup.currentRow() + step) % count)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """While the list is open it takes Up, Down, Enter, Tab and Esc from the box
        (before any shortcut, and before the box would send or move on)."""
        kind = event.type()
        if watched is self.box and kind == QEvent.Type.FocusOut:
            self.close()
        elif watched is self.box and kind == QEvent.Type.Resize:
            self.close()
        if (watched is not self.box or not self.is_open() or not isinstance(event, QKeyEvent)
                or kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)):
            return super().eventFilter(watched, event)
        key = event.key()
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                         | Qt.KeyboardModifier.AltModifier)
        if key not in _KEYS or not plain:
            return super().eventFilter(watched, event)
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the key is ours, not a shortcut's
            return True
        if key == Qt.Key.Key_Escape:
            self._quiet_at = self._typing.at if self._typing else None
            line, caret = self._line()
            self._quiet_text = line[(self._quiet_at or 0) + 1:caret]
            self.close()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._move(-1 if key == Qt.Key.Key_Up else 1)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.popup.setCurrentRow(0 if key == Qt.Key.Key_PageUp else self.popup.count() - 1)
        else:
            self._insert(self.popup.currentItem())
        return True

