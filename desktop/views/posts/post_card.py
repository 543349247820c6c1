"""The post card: one post with its author, time, text, reactions, comments and state.

A card shows what the user will see on every other device once the server has it,
and until then says so: a "Sending…" badge while the post (or an edit or deletion of
it) waits in the outbox, and the server's reason with Retry and Discard when it was
refused. Cards are updated in place (set_item) rather than rebuilt, so a refresh after
each sync never throws away a comment or an edit the user is typing.
"""

from __future__ import annotations

from typing import Any

import msgspec

from desktop.avatar import avatar_of
from desktop.context import ViewContext, icon_path
from desktop.markdown import render
from desktop.models.posts import NameBook, OutboxSnapshot
from desktop.qt import (
    QDateTime,
    QFrame,
    QHBoxLayout,
    QIcon,
    QLabel,
    QLocale,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSize,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from desktop.views.posts.comments import CommentsPanel, open_link, relative_time
from desktop.views.posts.reactions import REACTIONS, reaction_label
from desktop.write_op import WriteOp
from sync import protocol as p
from sync import writes
from sync.cache.read.posts import PostItem, comments_of, reactions_of
from sync.cache.write import outbox
from sync.cache.write.outbox import OutboxItem

AUTHOR_AVATAR = 28  # logical pixels: the author's photo beside their name

def _button(text: str, accessible: str, icon: str | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible)
    if icon:
        button.setIcon(QIcon(icon_path(icon)))
    return button


def _reaction_deletes(snapshot: OutboxSnapshot) -> dict[str, OutboxItem]:
    """Reaction id -> the waiting (or refused) outbox item that takes it back."""
    return {target: item for target, item in snapshot.by_target.items()
            if item.kind == "delete_reaction"}


class PostCard(QFrame):
    def __init__(self, ctx: ViewContext, names: NameBook, show_space: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.names = names
        self.show_space = show_space
        self.item: PostItem | None = None
        self.outbox_item: OutboxItem | None = None  # a pending/failed write of this post
        self.failed_item_id = ""  # the outbox item Retry and Discard act on
        self.mine: dict[str, list[str]] = {}  # emoji -> ids of the user's reactions shown
        self._counts: dict[str, int] = {}
        self._refused: list[tuple[str, OutboxItem, str]] = []  # emoji, item, message
        # Emoji whose write is on its way to the outbox: whether the person's reaction
        # is to be there afterwards, and which click's write it is.
        self._reacting: dict[str, tuple[bool, int]] = {}
        self._clicks = 0
        self.setObjectName("postCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        layout = QVBoxLayout(self)

        header = QHBoxLayout()
        self.author_button = QPushButton()
        self.author_button.setObjectName("postAuthor")
        self.author_button.setFlat(True)
        self.author_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.author_button.clicked.connect(self._open_author)
        self.author_button.setIconSize(QSize(AUTHOR_AVATAR, AUTHOR_AVATAR))
        self.space_button = QPushButton()
        self.space_button.setObjectName("postSpace")
        self.space_button.setFlat(True)
        self.space_button.clicked.connect(self._open_space)
        self.time_label = QLabel()
        self.time_label.setObjectName("postTime")
        self.badge = QLabel()
        self.badge.setObjectName("postBadge")
        self.badge_icon = QLabel()
        header.addWidget(self.author_button)
        header.addWidget(self.space_button)
        header.addWidget(self.time_label)
        header.addStretch(1)
        header.addWidget(self.badge_icon)
        header.addWidget(self.badge)
        layout.addLayout(header)

        self.body = QLabel()
        self.body.setObjectName("postBody")
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setOpenExternalLinks(False)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.body.linkActivated.connect(lambda url: open_link(self.ctx, url))
        layout.addWidget(self.body)

        self.editor = QWidget()
        edit_row = QVBoxLayout(self.editor)
        edit_row.setContentsMargins(0, 0, 0, 0)
        self.edit_box = QPlainTextEdit()
        self.edit_box.setAccessibleName(self.tr("Edit post text"))
        self.edit_box.setTabChangesFocus(True)
        self.edit_box.setMaximumHeight(120)
        edit_buttons = QHBoxLayout()
        self.save_button = _button(self.tr("&Save"), self.tr("Save changes"))
        self.save_button.clicked.connect(self._save_edit)
        self.cancel_button = _button(self.tr("Cancel"), self.tr("Cancel editing"))
        self.cancel_button.clicked.connect(lambda: self.editor.hide())
        edit_buttons.addStretch(1)
        edit_buttons.addWidget(self.cancel_button)
        edit_buttons.addWidget(self.save_button)
        edit_row.addWidget(self.edit_box)
        edit_row.addLayout(edit_buttons)
        self.editor.hide()
        layout.addWidget(self.editor)

        self.failure = QWidget()
        self.failure.setObjectName("postFailure")
        fail_row = QHBoxLayout(self.failure)
        fail_row.setContentsMargins(0, 0, 0, 0)
        self.reason_label = QLabel()
        self.reason_label.setObjectName("failureReason")
        self.reason_label.setWordWrap(True)
        self.retry_button = _button(self.tr("&Retry"), self.tr("Send again"))
        self.retry_button.clicked.connect(self._retry)
        self.discard_button = _button(self.tr("&Discard"), self.tr("Discard unsent change"))
        self.discard_button.clicked.connect(self._discard)
        fail_row.addWidget(self.reason_label, 1)
        fail_row.addWidget(self.retry_button)
        fail_row.addWidget(self.discard_button)
        self.failure.hide()
        layout.addWidget(self.failure)

        actions = QHBoxLayout()
        self.reaction_buttons: dict[str, QToolButton] = {}
        for reaction in REACTIONS:
            button = QToolButton()
            button.setObjectName("reactionButton")
            button.setCheckable(True)
            button.setIcon(QIcon(icon_path(reaction.icon)))
            button.setIconSize(QSize(18, 18))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            name = reaction.label()
            button.setAccessibleName(self.tr("React with %1").replace("%1", name))
            button.setToolTip(name)
            button.clicked.connect(lambda _=False, e=reaction.emoji: self._react(e))
            self.reaction_buttons[reaction.emoji] = button
            actions.addWidget(button)
        actions.addStretch(1)
        self.comments_button = _button("", self.tr("Show comments"), "comment")
        self.comments_button.setObjectName("commentsToggle")
        self.comments_button.setCheckable(True)
        self.comments_button.toggled.connect(self._toggle_comments)
        self.edit_button = _button(self.tr("&Edit"), self.tr("Edit post"))
        self.edit_button.clicked.connect(self._start_edit)
        self.delete_button = _button(self.tr("Delete"), self.tr("Delete post"))
        self.delete_button.clicked.connect(self._delete)
        actions.addWidget(self.comments_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        layout.addLayout(actions)

        self.comments = CommentsPanel(ctx, names)
        self.comments.hide()
        layout.addWidget(self.comments)

    # -- showing ---------------------------------------------------------------------

    @property
    def post_id(self) -> str:
        return self.item.post.id if self.item else ""

    def set_item(self, item: PostItem, snapshot: OutboxSnapshot,
                 space_names: dict[str, str]) -> None:
        self.item = item
        post = item.post
        self.outbox_item = (snapshot.by_target.get(post.id) if item.pending_state is None
                            else None)
        self.author_button.setText(self.names.name(post.author_id))
        self.author_button.setIcon(QIcon(avatar_of(self.ctx.cache, post.author_id,
                                                   AUTHOR_AVATAR)))
        self.author_button.setAccessibleName(
            self.tr("Author: %1").replace("%1", self.names.name(post.author_id)))
        space_name = space_names.get(post.space_id, "")
        self.space_button.setVisible(self.show_space and bool(space_name))
        self.space_button.setText(self.tr("in %1").replace("%1", space_name))
        self.space_button.setAccessibleName(self.tr("Open space %1").replace("%1", space_name))
        stamp = post.edited_at or post.created_at
        self.time_label.setText(relative_time(post.created_at)
                                + (self.tr(" (edited)") if post.edited_at else ""))
        # The card is a Tab stop of its own: a screen reader names it by whose post it is.
        self.setAccessibleName(self.tr("Post by %1, %2").replace(
            "%1", self.names.name(post.author_id)).replace("%2", self.time_label.text()))
        self.time_label.setToolTip(QLocale().toString(
            QDateTime.fromMSecsSinceEpoch(stamp), QLocale.FormatType.LongFormat))
        text = post.text
        if self.outbox_item is not None and self.outbox_item.kind == "post_edit":
            try:  # show the edit as it will be, with its badge
                text = msgspec.json.decode(self.outbox_item.body, type=p.PostWrite).text
            except msgspec.MsgspecError:
                pass
        self.body.setText(render(text, self.names.mentions(post.mentions)))
        self._read_reactions(snapshot)
        self._show_state(item)
        own = post.author_id == self.ctx.me
        idle = item.pending_state is None and self.outbox_item is None
        self.edit_button.setVisible(own)
        self.delete_button.setVisible(own)
        self.edit_button.setEnabled(idle)
        self.delete_button.setEnabled(idle)
        may_discuss = item.pending_state != "failed" and post.space_id in snapshot.discuss_in
        self._show_reactions(may_discuss)
        comments = comments_of(self.ctx.cache, post.id)
        self.comments_button.setText(self.tr("%n comment(s)", "", len(comments)))
        self.comments.set_comments(post.id, comments, may_discuss)

    def _show_state(self, item: PostItem) -> None:
        """The badge tells about the post itself; the failure bar also about a refused
        reaction (or taking one back), which has no other place to be seen, retried or
        dropped."""
        state, reason, kind = item.pending_state, item.error, "post"
        self.failed_item_id = item.post.id if state == "failed" else ""
        if self.outbox_item is not None:
            state, reason, kind = (self.outbox_item.state, self.outbox_item.error,
                                   self.outbox_item.kind)
            self.failed_item_id = self.outbox_item.id if state == "failed" else ""
        if state == "pending":
            text = self.tr("Deleting…") if kind == "delete_post" else self.tr("Sending…")
            self.badge.setText(text)
            self.badge_icon.setPixmap(QIcon(icon_path("pending")).pixmap(16, 16))
        elif state == "failed":
            self.badge.setText(self.tr("Not sent"))
            self.badge_icon.setPixmap(QIcon(icon_path("failed")).pixmap(16, 16))
        self.badge.setVisible(state is not None)
        self.badge_icon.setVisible(state is not None)
        if self.property("state") != (state or ""):  # the style sheet's failed look
            self.setProperty("state", state or "")
            self.style().unpolish(self)
            self.style().polish(self)
        message = ""
        if state == "failed":
            message = self.tr("The server refused this: %1").replace(
                "%1", reason or self.tr("no reason given"))
        elif self._refused:
            emoji, failed, template = self._refused[0]
            self.failed_item_id = failed.id
            message = template.replace("%1", reaction_label(emoji)).replace(
                "%2", failed.error or self.tr("no reason given"))
        self.reason_label.setText(message)
        self.failure.setVisible(bool(message))

    def _read_reactions(self, snapshot: OutboxSnapshot) -> None:
        """Counts and the user's own reactions as they will be once the outbox is sent:
        a waiting reaction counts already, one waiting to be taken back no longer."""
        deletes = _reaction_deletes(snapshot)
        counts: dict[str, int] = {}
        mine: dict[str, list[str]] = {}
        refused: list[tuple[str, OutboxItem, str]] = []
        for reaction in reactions_of(self.ctx.cache, self.post_id):
            taking_back = deletes.get(reaction.id)
            if taking_back is not None and taking_back.state == "pending":
                continue
            if taking_back is not None:  # refused: the server still has the reaction
                refused.append((reaction.emoji, taking_back,
                                self.tr("Your reaction “%1” was not taken back: %2")))
            counts[reaction.emoji] = counts.get(reaction.emoji, 0) + 1
            if reaction.person_id == self.ctx.me:
                mine.setdefault(reaction.emoji, []).append(reaction.id)
        for emoji, waiting in snapshot.reactions.get(self.post_id, []):
            if waiting.state == "failed":
                refused.append((emoji, waiting, self.tr("Your reaction “%1” was not sent: %2")))
            elif waiting.id not in deletes:
                if emoji not in mine:  # the server keeps one per person and emoji
                    counts[emoji] = counts.get(emoji, 0) + 1
                mine.setdefault(emoji, []).append(waiting.id)
        self._counts, self.mine, self._refused = counts, mine, refused
        # A write the cache already shows is done for this card, however late its
        # callback comes (on a busy machine, after the sync that sent it).
        self._reacting = {e: (want, click) for e, (want, click) in self._reacting.items()
                          if (e in mine) != want}

    def _show_reactions(self, enabled: bool) -> None:
        for emoji, button in self.reaction_buttons.items():
            count = self._counts.get(emoji, 0)
            button.setText(str(count) if count else "")
            button.setChecked(emoji in self.mine)
            button.setEnabled(enabled)
            button.setAccessibleDescription(self.tr("%n reaction(s)", "", count))

    # -- acting ----------------------------------------------------------------------

    def _open_author(self) -> None:
        if self.item is not None:
            self.ctx.navigator.navigate("people", self.item.post.author_id)

    def _open_space(self) -> None:
        if self.item is not None:
            self.ctx.navigator.navigate("spaces", self.item.post.space_id)

    def _toggle_comments(self, shown: bool) -> None:
        self.comments.setVisible(shown)
        self.comments_button.setAccessibleName(
            self.tr("Hide comments") if shown else self.tr("Show comments"))
        if shown:
            self.comments.focus_box()

    def open_comments(self) -> None:
        self.comments_button.setChecked(True)

    def _react(self, emoji: str) -> None:
        """A reaction the user has not given is added, one they gave is taken back.
        While a click's write is on its way, a second click only keeps what the first
        one asked for: the card cannot know the new reaction's id before then."""
        button = self.reaction_buttons[emoji]
        taking_back = self.mine.get(emoji, [])
        if self.item is None or emoji in self._reacting:
            button.setChecked(not button.isChecked())
            return
        post_id = self.item.post.id
        self._clicks += 1
        click = self._clicks
        self._reacting[emoji] = (not taking_back, click)

        def done() -> None:  # only this click's own mark: a later click may have its own
            if self._reacting.get(emoji, (False, 0))[1] == click:
                del self._reacting[emoji]

        def written(_result: object) -> None:
            done()

        def refused(error: str) -> None:
            done()
            self.ctx.tell(error)

        ids = list(taking_back)

        def react(cache: Any) -> object:
            if not ids:
                return writes.queue_reaction(cache, post_id, emoji)
            for reaction_id in ids:
                writes.queue_reaction_delete(cache, reaction_id)
            return None

        WriteOp(self.ctx, react, self).success(written).failure(refused).run()

    def _start_edit(self) -> None:
        if self.item is None:
            return
        self.edit_box.setPlainText(self.item.post.text)
        self.editor.show()
        self.edit_box.setFocus()

    def _save_edit(self) -> None:
        if self.item is None:
            return
        post, text = self.item.post, self.edit_box.toPlainText()
        if not text.strip() or text.strip() == post.text:
            self.editor.hide()
            return
        self.save_button.setEnabled(False)

        def saved(_item: object) -> None:
            self.save_button.setEnabled(True)
            self.editor.hide()

        def refused(error: str) -> None:  # the editor stays open with the text
            self.save_button.setEnabled(True)
            self.ctx.tell(error)

        WriteOp(self.ctx, lambda cache: writes.queue_post_edit(cache, post, text), self) \
            .success(saved).failure(refused).run()

    def _delete(self) -> None:
        if self.item is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete post"), self.tr("Delete this post for everyone?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        post_id = self.item.post.id
        WriteOp(self.ctx, lambda cache: writes.queue_post_delete(cache, post_id), self).run()

    def _retry(self) -> None:
        item_id = self.failed_item_id
        WriteOp(self.ctx, lambda cache: outbox.retry(cache, item_id), self).run()

    def _discard(self) -> None:
        item_id = self.failed_item_id
        WriteOp(self.ctx, lambda cache: outbox.discard(cache, item_id), self).run()
