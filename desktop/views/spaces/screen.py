"""Spaces: the list of spaces with what is new in each, and one space's posts.

A space's unread count (bold when there is something) tells the user where to look
without opening every space; opening it marks it read. Members-only spaces carry a
lock, so nobody mistakes a private project room for a company-wide one.
"""

from __future__ import annotations

from desktop.context import ViewContext, icon_path
from desktop.models.posts import PostListModel
from desktop.qt import (
    QHBoxLayout,
    QIcon,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSettings,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desktop.views.base import View
from desktop.views.posts.compose import ComposeBox, remember_reading
from desktop.views.posts.post_list import PostListView
from desktop.views.spaces.space_row import BADGE_ROLE, UNREAD_ROLE, SpaceRowDelegate
from desktop.views.spaces.unread_markers import UnreadMarkers
from sync import protocol as p
from sync.cache.read.posts import get_space, list_spaces
from sync.cache.read.unread import UNREAD_CAP

SpaceIdRole = Qt.ItemDataRole.UserRole
UnreadRole = UNREAD_ROLE


def _profile_key(ctx: ViewContext) -> str:
    profile = getattr(getattr(ctx.bridge, "session", None), "profile", None)
    return str(getattr(profile, "id", "") or ctx.me or "default")


class SpacesView(View):
    name = "spaces"

    def __init__(self, ctx: ViewContext) -> None:
        super().__init__(ctx)
        settings = ctx.settings.user if ctx.settings.user is not None else QSettings()
        self.unread = UnreadMarkers(settings, _profile_key(ctx))
        self.current: str | None = None
        self.space_list = QListWidget()
        self.space_list.setObjectName("spaceList")
        self.space_list.setAccessibleName(self.tr("Spaces"))
        self.space_list.currentItemChanged.connect(self._selected)
        self.space_list.setUniformItemSizes(True)
        self.space_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.space_list.setItemDelegate(SpaceRowDelegate(self.space_list))
        self.lock_icon = QIcon(icon_path("lock"))
        self.no_icon = QIcon()

        self.header = QLabel(self.tr("Choose a space on the left."))
        self.header.setObjectName("spaceHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.compose = ComposeBox(ctx, choose_space=False)
        self.compose.hide()
        self.model = PostListModel(ctx.cache)
        self.posts = PostListView(ctx, self.model, show_space=False)
        self.posts.hide()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.compose)
        right_layout.addWidget(self.posts, 1)
        right_layout.addStretch(0)

        splitter = QSplitter()
        splitter.addWidget(self.space_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 800])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.setTabOrder(self.space_list, self.compose.text)

    def title(self) -> str:
        return self.tr("Spaces")

    # -- the list --------------------------------------------------------------------

    def describe(self) -> dict[str, object]:
        return {"spaces": self.space_list.count(), "open": self.header.text(),
                "posts": self.model.rowCount() if self.current else 0}

    def refresh(self) -> None:
        spaces = list_spaces(self.ctx.cache)
        if self.current is not None and self.isVisible():
            self.unread.mark_read(self.ctx.cache, self.current)  # seen as it arrives
        rows = {self.space_list.item(i).data(SpaceIdRole): self.space_list.item(i)
                for i in range(self.space_list.count())}
        if list(rows) != [s.id for s in spaces]:
            self.space_list.blockSignals(True)
            self.space_list.clear()
            rows = {}
            for space in spaces:
                item = QListWidgetItem()
                item.setData(SpaceIdRole, space.id)
                self.space_list.addItem(item)
                rows[space.id] = item
            self.space_list.blockSignals(False)
            if self.current in rows:
                self.space_list.setCurrentItem(rows[self.current])
        for space in spaces:
            self._show_row(rows[space.id], space)
        if self.current is not None:
            if self.current not in rows:  # access lost, or the space was removed
                self._open(None)
            else:
                self.compose.refresh()
                self.posts.refresh()

    def _show_row(self, item: QListWidgetItem, space: p.Space) -> None:
        count = (0 if space.id == self.current and self.isVisible()
                 else self.unread.unread_count(self.ctx.cache, space.id, self.ctx.me))
        shown = f"{UNREAD_CAP}+" if count >= UNREAD_CAP else str(count)
        item.setText(space.name)
        item.setData(UnreadRole, count)
        item.setData(BADGE_ROLE, shown if count else "")
        members_only = space.visibility == "members"
        item.setIcon(self.lock_icon if members_only else self.no_icon)
        parts = [space.name]
        if members_only:
            parts.append(self.tr("members only"))
        if count:
            parts.append(self.tr("%n unread", "", count))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, ", ".join(parts))
        item.setToolTip(space.description)

    def unread_count(self, space_id: str) -> int:
        """The count the list shows for a space (0 when nothing is new)."""
        for i in range(self.space_list.count()):
            item = self.space_list.item(i)
            if item.data(SpaceIdRole) == space_id:
                return int(item.data(UnreadRole) or 0)
        return 0

    # -- one space -------------------------------------------------------------------

    def _selected(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        self._open(item.data(SpaceIdRole) if item is not None else None)

    def _open(self, space_id: str | None) -> None:
        self.current = space_id
        space = get_space(self.ctx.cache, space_id) if space_id else None
        if space is None:
            self.current = None
            self.header.setText(self.tr("Choose a space on the left."))
            self.compose.hide()
            self.posts.hide()
            return
        self.unread.mark_read(self.ctx.cache, space.id)
        title = space.name + (f" — {space.description}" if space.description else "")
        self.header.setText(title)
        remember_reading(self.ctx, space.id)
        self.compose.set_space(space.id, space.name)
        self.compose.show()
        self.model.set_space(space.id)
        self.posts.refresh()
        self.posts.show()
        item = self.space_list.currentItem()
        if item is not None and item.data(SpaceIdRole) == space.id:
            self._show_row(item, space)

    def open_target(self, target: str) -> None:
        self.show_space(target)

    def show_space(self, space_id: str) -> None:
        """Open a space from elsewhere (a post's space, search, a person's teams)."""
        for i in range(self.space_list.count()):
            item = self.space_list.item(i)
            if item.data(SpaceIdRole) == space_id:
                self.space_list.setCurrentItem(item)
                self.space_list.scrollToItem(item)
                return
        if not self.space_list.count():
            self.refresh()
            if self.space_list.count():
                self.show_space(space_id)
