"""One row of the Spaces list: every row the same height, names in one column whether
or not a lock stands before them, and what is new as a count at the right edge (bold
name and a badge), as chat clients show it."""

from __future__ import annotations

from desktop.qt import (
    QColor,
    QFont,
    QIcon,
    QModelIndex,
    QPainter,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
)
from desktop.style import current_colour

ICON = 16
PADDING = 8
UNREAD_ROLE = Qt.ItemDataRole.UserRole + 1
BADGE_ROLE = Qt.ItemDataRole.UserRole + 2  # the count as shown: "3", "99+"


class SpaceRowDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt's name
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(option.rect.width(), option.fontMetrics.height() + 2 * PADDING + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        icon, text = QIcon(option.icon), str(option.text)  # copies: the option is reused
        option.icon, option.text = QIcon(), ""
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        style = option.widget.style() if option.widget else None
        if style is not None:  # background, selection and focus as the style draws them
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                              option.widget)
        rect = option.rect.adjusted(PADDING, 0, -PADDING, 0)
        painter.save()
        if not icon.isNull():
            icon.paint(painter, QRect(rect.left(), rect.center().y() - ICON // 2, ICON, ICON))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        unread = int(index.data(UNREAD_ROLE) or 0)
        badge = str(index.data(BADGE_ROLE) or "")
        badge_width = 0
        if unread:
            font = QFont(option.font)
            font.setBold(True)
            font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
            painter.setFont(font)
            metrics = painter.fontMetrics()
            badge_width = max(metrics.horizontalAdvance(badge) + 12, metrics.height() + 4)
            pill = QRect(rect.right() - badge_width, rect.center().y() - metrics.height() // 2
                         - 2, badge_width, metrics.height() + 4)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(current_colour("accent")))
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(QColor(current_colour("on_accent")))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, badge)
        name_font = QFont(option.font)
        name_font.setBold(unread > 0)
        painter.setFont(name_font)
        painter.setPen(option.palette.highlightedText().color() if selected
                       else option.palette.text().color())
        left = rect.left() + ICON + PADDING
        name_rect = QRect(left, rect.top(), rect.right() - left - badge_width - PADDING,
                          rect.height())
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(
                             text, Qt.TextElideMode.ElideRight, name_rect.width()))
        painter.restore()
