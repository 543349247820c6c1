"""The Feed: every post the user may see, newest first, with a box to write one.

The compose box and the post list are shared with the Spaces screen (one space's
posts). A new post goes into the outbox and shows at once with a "Sending…" badge,
online or not; after the sync it is the server's post like any other.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.context import ViewContext, icon_path
from desktop.mentions import resolve_mentions
from desktop.models.posts import NameBook, OutboxSnapshot, PostListModel
from desktop.views.base import View
from desktop.views.post_widgets import PostCard, run_write
from sync import protocol as p
from sync import writes
from sync.cache.read.posts import list_spaces, memberships_of


def postable_spaces(ctx: ViewContext) -> list[p.Space]:
    """Spaces where the server will take a post from the user: member, and moderator
    for announcements (the server answers 403 otherwise)."""
    if not ctx.me:
        return []
    roles = {m.space_id: m.role for m in memberships_of(ctx.cache, ctx.me)}
    return [s for s in list_spaces(ctx.cache) if s.id in roles
            and (s.space_kind != "announcements" or roles[s.id] == "moderator")]


class ComposeBox(QWidget):
    """Write a post into a chosen space (feed) or the open one (spaces)."""

    def __init__(self, ctx: ViewContext, choose_space: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.choose_space = choose_space
        self.fixed_space: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QPlainTextEdit()
        self.text.setObjectName("composeText")
        self.text.setAccessibleName(self.tr("New post"))
        self.text.setPlaceholderText(self.tr("Share something with your colleagues… "
                                             "(Ctrl+Enter sends)"))
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(110)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        self.space_label = QLabel(self.tr("Post &in:"))
        self.spaces = QComboBox()
        self.spaces.setObjectName("composeSpace")
        self.spaces.setAccessibleName(self.tr("Space"))
        self.space_label.setBuddy(self.spaces)
        self.space_label.setVisible(choose_space)
        self.spaces.setVisible(choose_space)
        self.note = QLabel()
        self.note.setObjectName("composeNote")
        self.note.setWordWrap(True)
        self.post_button = QPushButton(QIcon(icon_path("send")), self.tr("&Post"))
        self.post_button.setObjectName("composePost")
        self.post_button.setAccessibleName(self.tr("Post"))
        self.post_button.setToolTip(self.tr("Post (Ctrl+Enter)"))
        self.post_button.clicked.connect(self.submit)
        row.addWidget(self.space_label)
        row.addWidget(self.spaces, 1)
        row.addWidget(self.note, 1)
        row.addWidget(self.post_button)
        layout.addLayout(row)
        self.text.installEventFilter(self)
        self.setTabOrder(self.text, self.spaces)
        self.setTabOrder(self.spaces, self.post_button)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter in the text sends, as in mail and chat programs."""
        if (watched is self.text and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.submit()
            return True
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        allowed = postable_spaces(self.ctx)
        if self.choose_space:
            chosen = self.spaces.currentData()
            self.spaces.blockSignals(True)
            self.spaces.clear()
            for space in allowed:
                self.spaces.addItem(space.name, space.id)
            index = self.spaces.findData(chosen)
            self.spaces.setCurrentIndex(max(index, 0))
            self.spaces.blockSignals(False)
            self._enable(bool(allowed), self.tr("You are not a member of any space yet."))
        else:
            may = any(s.id == self.fixed_space for s in allowed)
            self._enable(may, self.tr("Only members can post here; in announcement "
                                      "spaces only moderators."))

    def _enable(self, enabled: bool, why_not: str) -> None:
        self.text.setEnabled(enabled)
        self.post_button.setEnabled(enabled)
        if not enabled:
            self.note.setText(why_not)
        elif self.note.text() == why_not:
            self.note.clear()

    def set_space(self, space_id: str | None) -> None:
        self.fixed_space = space_id
        self.refresh()

    def space_id(self) -> str | None:
        return self.spaces.currentData() if self.choose_space else self.fixed_space

    def submit(self) -> None:
        text, space_id = self.text.toPlainText(), self.space_id()
        if not text.strip() or not space_id or not self.post_button.isEnabled():
            return
        mentions = resolve_mentions(self.ctx.cache, text)
        self.post_button.setEnabled(False)

        def done(error: str) -> None:
            self.post_button.setEnabled(True)
            if error:
                self.note.setText(self.tr("Not posted: %1").replace("%1", error))
            else:
                self.note.clear()
                self.text.clear()

        run_write(self.ctx, lambda cache: writes.queue_post(
            cache, space_id, text, mentions=mentions), done, self)


class PostListView(QScrollArea):
    """Post cards for the rows of a PostListModel, kept by post id across refreshes."""

    def __init__(self, ctx: ViewContext, model: PostListModel, show_space: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = model
        self.show_space = show_space
        self.names = NameBook(ctx.cache)
        self.snapshot = OutboxSnapshot()
        self.space_names: dict[str, str] = {}
        self.cards: dict[str, PostCard] = {}
        self._order: list[str] = []
        self._quiet = False
        self.setWidgetResizable(True)
        self.setAccessibleName(self.tr("Posts"))
        inner = QWidget()
        self.column = QVBoxLayout(inner)
        self.empty = QLabel(self.tr("No posts yet."))
        self.empty.setObjectName("emptyPosts")
        self.more_button = QPushButton(self.tr("Load &more"))
        self.more_button.setAccessibleName(self.tr("Load older posts"))
        self.more_button.clicked.connect(self.load_more)
        self.column.addWidget(self.empty)
        self.column.addWidget(self.more_button)
        self.column.addStretch(1)
        self.setWidget(inner)
        for signal in (model.modelReset, model.rowsInserted, model.dataChanged):
            signal.connect(self._model_changed)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    def refresh(self) -> None:
        self.names.clear()
        self.snapshot = OutboxSnapshot.read(self.ctx.cache, self.ctx.me)
        self.space_names = {s.id: s.name for s in list_spaces(self.ctx.cache)}
        self._quiet = True
        try:
            self.model.refresh() if self.model.items else self.model.fetchMore()
        finally:
            self._quiet = False
        self.place_cards()

    def _model_changed(self, *_args: object) -> None:
        if not self._quiet:
            self.place_cards()

    def place_cards(self) -> None:
        """One card per row, in row order; cards of posts that went away are dropped."""
        wanted = [item.post.id for item in self.model.items]
        for post_id in set(self.cards) - set(wanted):
            self.cards.pop(post_id).deleteLater()
        new: list[PostCard] = []
        for item in self.model.items:
            card = self.cards.get(item.post.id)
            if card is None:
                card = self.cards[item.post.id] = PostCard(self.ctx, self.names, self.show_space)
                new.append(card)
            card.set_item(item, self.snapshot, self.space_names)
        if wanted != self._order:
            for post_id in wanted:
                self.column.removeWidget(self.cards[post_id])
            for row, post_id in enumerate(wanted):
                self.column.insertWidget(row, self.cards[post_id])
            self._order = wanted
        for card in new:
            card.show()
        if new:
            self.settle()
        self.empty.setVisible(not wanted)
        self.more_button.setVisible(self.model.canFetchMore())

    def settle(self) -> None:
        """Lay the cards out now rather than on the next event-loop turn, so a jump to
        a card lands on it and its buttons have their real size."""
        for card in self.cards.values():
            card.layout().activate()
        self.column.activate()
        QApplication.sendEvent(self, QEvent(QEvent.Type.LayoutRequest))

    def load_more(self) -> None:
        if self.model.canFetchMore():
            self.model.fetchMore()

    def _scrolled(self, value: int) -> None:
        if value >= self.verticalScrollBar().maximum() - 50 and self.model.canFetchMore():
            self.load_more()

    def show_post(self, post_id: str) -> PostCard | None:
        if self.model.find(post_id) < 0:
            return None
        card = self.cards.get(post_id)
        if card is None:
            return None
        card.open_comments()
        self.settle()
        self.ensureWidgetVisible(card, 0, 0)
        card.setFocus()
        return card


class FeedView(View):
    name = "feed"

    def __init__(self, ctx: ViewContext) -> None:
        super().__init__(ctx)
        self.compose = ComposeBox(ctx)
        self.model = PostListModel(ctx.cache)
        self.posts = PostListView(ctx, self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(self.compose)
        layout.addWidget(self.posts, 1)

    def title(self) -> str:
        return self.tr("Feed")

    def refresh(self) -> None:
        self.compose.refresh()
        self.posts.refresh()

    def show_post(self, post_id: str) -> None:
        """Scroll to the post (loading older pages if needed) with its comments open."""
        if self.posts.show_post(post_id) is None:
            self.compose.note.setText(self.tr("That post is no longer available."))
