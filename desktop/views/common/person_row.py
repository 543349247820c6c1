"""How a person shows in a list: avatar, the name in bold, "position · site" below.

The People list and the mention popup of the compose and comment boxes draw their rows
alike, so a colleague looks the same wherever one picks them.
"""

from __future__ import annotations

from desktop.models.people import AVATAR_SIZE, PositionTitleRole, SiteRole
from desktop.qt import (
    QFont,
    QIcon,
    QModelIndex,
    QObject,
    QPainter,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
)

ROW_PADDING = 6


class PersonRowDelegate(QStyledItemDelegate):
    """Avatar (DecorationRole, avatar_size square), the name in bold, and the
    PositionTitleRole and SiteRole texts joined by " · " below it."""

    def __init__(self, parent: QObject | None = None, avatar_size: int = AVATAR_SIZE) -> None:
        super().__init__(parent)
        self.avatar_size = avatar_size

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(option.rect.width(), self.avatar_size + 2 * ROW_PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        painter.save()
        if style is not None:
            option.text = ""
            option.icon = QIcon()
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                              option.widget)
        rect = option.rect
        size = self.avatar_size
        avatar = index.data(Qt.ItemDataRole.DecorationRole)
        if avatar is not None:
            painter.drawPixmap(rect.left() + ROW_PADDING, rect.top() + ROW_PADDING, avatar)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(option.palette.highlightedText().color() if selected
                       else option.palette.text().color())
        left = rect.left() + size + 2 * ROW_PADDING
        text_rect = QRect(left, rect.top() + ROW_PADDING, rect.right() - left - ROW_PADDING,
                          size // 2)
        name_font = QFont(option.font)
        name_font.setBold(True)
        painter.setFont(name_font)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        details = " · ".join(x for x in (index.data(PositionTitleRole),
                                         index.data(SiteRole)) if x)
        painter.setFont(option.font)
        metrics = painter.fontMetrics()
        painter.drawText(text_rect.translated(0, size // 2),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(details, Qt.TextElideMode.ElideRight,
                                            text_rect.width()))
        painter.restore()
