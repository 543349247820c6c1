"""Global search (Ctrl+K): one field over people, positions, responsibilities and posts.

Made for the keyboard: focus never leaves the field, Up/Down walk the results (group
headers are skipped), Enter opens, Escape closes. Each kind is searched on its own
with a small limit, so a flood of matching posts cannot push the one person looked
for off the list; results come grouped in a fixed order so the eye learns where to
look. The search runs after a short pause in typing, on the GUI thread's cache
connection (the index answers in milliseconds).
"""

from __future__ import annotations

from desktop.avatar import avatar_of
from desktop.context import ViewContext, icon_path
from desktop.qt import (
    QDialog,
    QEvent,
    QFont,
    QIcon,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QModelIndex,
    QObject,
    QPainter,
    QPersistentModelIndex,
    QPixmap,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from sync.cache.read.people import get_position, get_responsibility
from sync.cache.read.posts import get_comment
from sync.cache.read.search import search

SEARCH_DELAY_MS = 150
PER_KIND = 6
KindRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
SubtitleRole = Qt.ItemDataRole.UserRole + 3
AvatarRole = Qt.ItemDataRole.UserRole + 4  # a person hit's avatar (QPixmap)
HIT_AVATAR = 28
_PAD = 4


class HitDelegate(QStyledItemDelegate):
    """A hit as its title over a smaller, greyed subtitle; a header as bold small caps."""

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = option.fontMetrics.height()
        lines = 2 if index.data(SubtitleRole) else 1
        extra = 2 * _PAD if index.data(KindRole) else 3 * _PAD
        least = HIT_AVATAR + 2 * _PAD if index.data(AvatarRole) is not None else 0
        return QSize(option.rect.width(), max(lines * line + extra, least))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        title = option.text
        option.text = ""
        widget = option.widget
        if widget is not None:
            widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                                       widget)
        painter.save()
        rect = option.rect.adjusted(2 * _PAD, _PAD, -2 * _PAD, -_PAD)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_colour = palette.highlightedText().color() if selected else palette.text().color()
        font = QFont(option.font)
        if not index.data(KindRole):  # a group header
            font.setBold(True)
            font.setCapitalization(QFont.Capitalization.SmallCaps)
            painter.setFont(font)
            painter.setPen(palette.placeholderText().color())
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                             title)
            painter.restore()
            return
        line = option.fontMetrics.height()
        face = index.data(AvatarRole)
        if isinstance(face, QPixmap):
            top = rect.top() + (rect.height() - HIT_AVATAR) // 2
            painter.drawPixmap(rect.left(), top, HIT_AVATAR, HIT_AVATAR, face)
            rect = rect.adjusted(HIT_AVATAR + 2 * _PAD, 0, 0, 0)
        painter.setFont(font)
        painter.setPen(text_colour)
        first = rect.adjusted(0, 0, 0, -(rect.height() - line))
        painter.drawText(first, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         option.fontMetrics.elidedText(title, Qt.TextElideMode.ElideRight,
                                                       rect.width()))
        subtitle = index.data(SubtitleRole)
        if subtitle:
            font.setPointSizeF(font.pointSizeF() * 0.9)
            painter.setFont(font)
            painter.setPen(text_colour if selected else palette.placeholderText().color())
            painter.drawText(first.translated(0, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             painter.fontMetrics().elidedText(
                                 subtitle, Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()


class SearchPopup(QDialog):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("globalSearch")
        self.setWindowTitle(self.tr("Search"))
        self.setAccessibleName(self.tr("Search everything"))
        self.resize(560, 460)
        self.field = QLineEdit()
        self.field.setObjectName("globalSearchField")
        self.field.setAccessibleName(self.tr("Search everything"))
        self.field.setPlaceholderText(
            self.tr("People, positions, responsibilities, posts…"))
        self.field.setClearButtonEnabled(True)
        self.field.addAction(QIcon(icon_path("search")), QLineEdit.ActionPosition.LeadingPosition)
        self.field.installEventFilter(self)
        self.results = QListWidget()
        self.results.setObjectName("globalSearchResults")
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.itemActivated.connect(self._open_item)
        self.results.itemClicked.connect(self._open_item)
        self.note = QLabel()
        self.note.setObjectName("globalSearchNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.note)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.field.textChanged.connect(lambda _text: self.timer.start())
        self.group_titles = {
            "person": self.tr("People"),
            "position": self.tr("Positions"),
            "responsibility": self.tr("Responsibilities"),
            "post": self.tr("Posts"),
            "comment": self.tr("Comments"),
        }

    # -- opening and searching -------------------------------------------------------

    def open_search(self) -> None:
        """Show the popup with the last query selected, ready to type over."""
        if self.field.text().strip():
            self.run_search()  # the cache may have changed since
        parent = self.parentWidget()
        if parent is not None:
            centre = parent.geometry().center()
            self.move(centre.x() - self.width() // 2, parent.geometry().top() + 80)
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus()
        self.field.selectAll()

    def run_search(self) -> None:
        """Fill the list: one header per kind that has hits, then its hits, best first."""
        self.timer.stop()
        self.results.clear()
        self.note.clear()
        query = self.field.text()
        if not query.strip():
            return
        first = None
        for kind, title in self.group_titles.items():
            hits = search(self.ctx.cache, query, kinds={kind}, limit=PER_KIND)
            if not hits:
                continue
            header = QListWidgetItem(title)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown, never selected
            self.results.addItem(header)
            for hit in hits:
                item = QListWidgetItem(hit.title)
                item.setData(KindRole, hit.kind)
                item.setData(IdRole, hit.id)
                item.setData(SubtitleRole, hit.subtitle)
                if hit.kind == "person":
                    item.setData(AvatarRole, avatar_of(self.ctx.cache, hit.id, HIT_AVATAR))
                item.setData(Qt.ItemDataRole.AccessibleTextRole,
                             f"{title}: {hit.title}, {hit.subtitle}" if hit.subtitle
                             else f"{title}: {hit.title}")
                item.setToolTip(f"{hit.title}\n{hit.subtitle}" if hit.subtitle else hit.title)
                self.results.addItem(item)
                first = first or item
        if first is None:
            self.note.setText(self.tr("Nothing found for “%1”.").replace("%1", query.strip()))
        else:
            self.results.setCurrentItem(first)

    # -- keyboard --------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress and isinstance(
                event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._step(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.timer.isActive():
                    self.run_search()  # Enter right after typing opens the fresh result
                current = self.results.currentItem()
                if current is not None and current.data(KindRole):
                    self._open_item(current)
                return True
        return super().eventFilter(watched, event)

    def _step(self, direction: int) -> None:
        """Move to the next or previous result, skipping group headers."""
        row = self.results.currentRow()
        count = self.results.count()
        while 0 <= row + direction < count:
            row += direction
            if self.results.item(row).data(KindRole):
                self.results.setCurrentRow(row)
                return

    # -- opening a result ------------------------------------------------------------

    def _open_item(self, item: QListWidgetItem) -> None:
        kind, record_id = item.data(KindRole), item.data(IdRole)
        if not kind:
            return
        if self.open_hit(str(kind), str(record_id)):
            self.accept()

    def open_hit(self, kind: str, record_id: str) -> bool:
        """Go to the screen for a hit; False (with a note) if there is nowhere to go."""
        nav, cache = self.ctx.navigator, self.ctx.cache
        if kind == "person":
            nav.navigate("people", record_id)
            return True
        if kind == "post":
            nav.navigate("feed", record_id)
            return True
        if kind == "comment":
            comment = get_comment(cache, record_id)
            if comment is not None:
                nav.navigate("feed", comment.post_id)
                return True
        elif kind == "position":
            position = get_position(cache, record_id)
            if position is not None and position.holder_id:
                nav.navigate("people", position.holder_id)
                return True
            self.note.setText(self.tr("This position is vacant."))
            return False
        elif kind == "responsibility":
            return self._open_responsibility(record_id)
        self.note.setText(self.tr("This is no longer in your saved data."))
        return False

    def _open_responsibility(self, responsibility_id: str) -> bool:
        """Who does what, answering for its title.

        The Who screen answers with today's holder or deputy (absences, handovers),
        which is what someone searching a responsibility wants to know.
        """
        cache, nav = self.ctx.cache, self.ctx.navigator
        responsibility = get_responsibility(cache, responsibility_id)
        if responsibility is None:
            self.note.setText(self.tr("This is no longer in your saved data."))
            return False
        nav.navigate("who", responsibility.title)
        return True
