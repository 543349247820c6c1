"""The post list: post cards for the rows of a PostListModel, newest first.

Cards are kept by post id across refreshes and updated in place, so a sync never
throws away a comment or an edit the user is typing; older pages load as the user
scrolls (or presses Load more).
"""

from __future__ import annotations

from desktop.context import ViewContext
from desktop.models.posts import NameBook, OutboxSnapshot, PostListModel
from desktop.qt import QApplication, QEvent, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget
from desktop.views.posts.post_card import PostCard
from sync.cache.read.posts import list_spaces


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
        try:  # re-read, even when the last read found nothing (a cache still filling)
            self.model.refresh()
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
            inner = card.layout()
            if inner is not None:
                inner.activate()
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

