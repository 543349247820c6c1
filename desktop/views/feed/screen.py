"""The Feed: every post the user may see, newest first, with a box to write one.

The compose box and the post list are the shared ones of desktop.views.posts (Spaces
shows one space's posts with the same widgets).
"""

from __future__ import annotations

from desktop.context import ViewContext
from desktop.models.posts import PostListModel
from desktop.qt import QVBoxLayout, QWidget
from desktop.views.base import View
from desktop.views.posts.compose import ComposeBox
from desktop.views.posts.post_list import PostListView


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

    def regions(self) -> list[QWidget]:
        return [self.compose, self.posts]

    def describe(self) -> dict[str, object]:
        return {"posts": self.model.rowCount(), "cards": len(self.posts.cards),
                "post_in": self.compose.spaces.currentText(),
                "post_spaces": self.compose.spaces.count()}

    def refresh(self) -> None:
        self.compose.refresh()
        self.posts.refresh()

    def open_target(self, target: str) -> None:
        self.show_post(target)

    def show_post(self, post_id: str) -> None:
        """Scroll to the post (loading older pages if needed) with its comments open."""
        if self.posts.show_post(post_id) is None:
            self.compose.note.setText(self.tr("That post is no longer available."))
