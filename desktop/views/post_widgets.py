"""The post card: one post with its author, time, text, reactions, comments and state.

A card shows what the user will see on every other device once the server has it,
and until then says so: a "Sending…" badge while the post (or an edit or deletion of
it) waits in the outbox, and the server's reason with Retry and Discard when it was
refused. Cards are updated in place (set_item) rather than rebuilt, so a refresh after
each sync never throws away a comment or an edit the user is typing.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import msgspec
from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.context import ViewContext, icon_path
from desktop.markdown import is_safe_url, render
from desktop.models.posts import NameBook, OutboxSnapshot
from sync import protocol as p
from sync import writes
from sync.cache import outbox, reader
from sync.cache.outbox import OutboxItem
from sync.cache.reader import CommentItem, PostItem

REACTIONS = ("👍", "🎉", "❤️", "😄")


def relative_time(at_ms: int, now: dt.datetime | None = None) -> str:
    """"5 minutes ago" for recent things, a date for older ones (translated; the
    literal calls let pyside6-lupdate find the strings)."""
    translate = QCoreApplication.translate
    when = dt.datetime.fromtimestamp(at_ms / 1000)
    seconds = int(((now or dt.datetime.now()) - when).total_seconds())
    if seconds < 60:
        return translate("RelativeTime", "just now")
    if seconds < 3600:
        return translate("RelativeTime", "%n minute(s) ago", None, seconds // 60)
    if seconds < 86400:
        return translate("RelativeTime", "%n hour(s) ago", None, seconds // 3600)
    if seconds < 7 * 86400:
        return translate("RelativeTime", "%n day(s) ago", None, seconds // 86400)
    return QLocale().toString(when.date(), QLocale.FormatType.ShortFormat)


class _WriteRelay(QObject):
    done = Signal(str)  # "" on success, else the reason


def run_write(ctx: ViewContext, make: Callable[[Any], Any], on_done: Callable[[str], None],
              owner: QObject) -> None:
    """bridge.write, with on_done called back on the GUI thread ("" or the error)."""
    relay = _WriteRelay(owner)
    relay.done.connect(on_done, Qt.ConnectionType.QueuedConnection)
    relay.done.connect(relay.deleteLater, Qt.ConnectionType.QueuedConnection)

    def finished(future: Any) -> None:
        error = future.exception()
        try:
            relay.done.emit("" if error is None else str(error))
        except RuntimeError:
            pass  # the card went away meanwhile; nothing left to tell

    ctx.bridge.write(make).add_done_callback(finished)


def open_link(ctx: ViewContext, url: str) -> None:
    """person: links are mentions; everything else only if it is a web or mail link."""
    if url.startswith("person:"):
        ctx.navigator.show_person(url.removeprefix("person:"))
    elif is_safe_url(url):
        QDesktopServices.openUrl(QUrl(url))


def _button(text: str, accessible: str, icon: str | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible)
    if icon:
        button.setIcon(QIcon(icon_path(icon)))
    return button


class CommentsPanel(QWidget):
    """The conversation under a post, oldest first, and the box to add to it."""

    def __init__(self, ctx: ViewContext, names: NameBook) -> None:
        super().__init__()
        self.ctx = ctx
        self.names = names
        self.post_id = ""
        self._shown: tuple[Any, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 0, 0, 0)
        self.list_layout = QVBoxLayout()
        layout.addLayout(self.list_layout)
        row = QHBoxLayout()
        self.comment_box = QLineEdit()
        self.comment_box.setObjectName("commentBox")
        self.comment_box.setPlaceholderText(self.tr("Write a comment…"))
        self.comment_box.setAccessibleName(self.tr("Comment"))
        self.comment_box.returnPressed.connect(self.send)
        self.send_button = QToolButton()
        self.send_button.setIcon(QIcon(icon_path("send")))
        self.send_button.setText(self.tr("Send"))
        self.send_button.setAccessibleName(self.tr("Send comment"))
        self.send_button.clicked.connect(self.send)
        row.addWidget(self.comment_box, 1)
        row.addWidget(self.send_button)
        layout.addLayout(row)
        self.labels: list[QLabel] = []

    def set_comments(self, post_id: str, items: list[CommentItem], may_comment: bool) -> None:
        self.post_id = post_id
        self.comment_box.setEnabled(may_comment)
        self.send_button.setEnabled(may_comment)
        self.comment_box.setPlaceholderText(
            self.tr("Write a comment…") if may_comment
            else self.tr("Only members of this space can comment."))
        shown = tuple((c.comment.id, c.comment.version, c.pending_state, c.error)
                      for c in items)
        if shown == self._shown:
            return
        self._shown = shown
        for label in self.labels:
            label.deleteLater()
        self.labels = []
        self.names.prefetch(c.comment.author_id for c in items)
        for item in items:
            label = QLabel(self._comment_html(item))
            label.setObjectName("commentText")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            label.linkActivated.connect(self._link)
            self.list_layout.addWidget(label)
            self.labels.append(label)

    def _comment_html(self, item: CommentItem) -> str:
        comment = item.comment
        name = html.escape(self.names.name(comment.author_id))
        head = (f'<a href="person:{html.escape(comment.author_id)}" '
                f'style="text-decoration:none;"><b>{name}</b></a> · '
                f"{html.escape(relative_time(comment.created_at))}")
        if item.pending_state == "pending":
            head += " · <i>" + html.escape(self.tr("Sending…")) + "</i>"
        text = render(comment.text, self.names.mentions(comment.mentions))
        tail = ""
        if item.pending_state == "failed":
            reason = html.escape(self.tr("Not sent: %1").replace("%1", item.error or ""))
            tail = (f'<br><span style="color:#a51d2d;">{reason}</span> '
                    f'<a href="retry:{comment.id}">{html.escape(self.tr("Retry"))}</a> · '
                    f'<a href="discard:{comment.id}">{html.escape(self.tr("Discard"))}</a>')
        return f"{head}<br>{text}{tail}"

    def _link(self, url: str) -> None:
        action, _, item_id = url.partition(":")
        if action == "retry":
            run_write(self.ctx, lambda c: outbox.retry(c, item_id), lambda _e: None, self)
        elif action == "discard":
            run_write(self.ctx, lambda c: outbox.discard(c, item_id), lambda _e: None, self)
        else:
            open_link(self.ctx, url)

    def send(self) -> None:
        text, post_id = self.comment_box.text(), self.post_id
        if not text.strip() or not post_id:
            return
        self.comment_box.setEnabled(False)

        def done(error: str) -> None:
            self.comment_box.setEnabled(True)
            if not error:
                self.comment_box.clear()
            self.comment_box.setFocus()

        run_write(self.ctx, lambda cache: writes.queue_comment(cache, post_id, text), done, self)


class PostCard(QFrame):
    def __init__(self, ctx: ViewContext, names: NameBook, show_space: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.names = names
        self.show_space = show_space
        self.item: PostItem | None = None
        self.outbox_item: OutboxItem | None = None  # a pending/failed write of this post
        self.failed_item_id = ""  # the outbox item Retry and Discard act on
        self.setObjectName("postCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        layout = QVBoxLayout(self)

        header = QHBoxLayout()
        self.author_button = QPushButton()
        self.author_button.setObjectName("postAuthor")
        self.author_button.setFlat(True)
        self.author_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.author_button.setStyleSheet("font-weight: bold; text-align: left;")
        self.author_button.clicked.connect(self._open_author)
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
        self.reason_label.setStyleSheet("color: #a51d2d;")
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
        for emoji in REACTIONS:
            button = QToolButton()
            button.setCheckable(True)
            button.setAccessibleName(self.tr("React with %1").replace("%1", emoji))
            button.clicked.connect(lambda _=False, e=emoji: self._react(e))
            self.reaction_buttons[emoji] = button
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
        self.outbox_item = snapshot.by_id.get(post.id) if item.pending_state is None else None
        self.author_button.setText(self.names.name(post.author_id))
        self.author_button.setAccessibleName(
            self.tr("Author: %1").replace("%1", self.names.name(post.author_id)))
        space_name = space_names.get(post.space_id, "")
        self.space_button.setVisible(self.show_space and bool(space_name))
        self.space_button.setText(self.tr("in %1").replace("%1", space_name))
        self.space_button.setAccessibleName(self.tr("Open space %1").replace("%1", space_name))
        stamp = post.edited_at or post.created_at
        self.time_label.setText(relative_time(post.created_at)
                                + (self.tr(" (edited)") if post.edited_at else ""))
        self.time_label.setToolTip(QLocale().toString(
            dt.datetime.fromtimestamp(stamp / 1000), QLocale.FormatType.LongFormat))
        text = post.text
        if self.outbox_item is not None and self.outbox_item.kind == "post_edit":
            try:  # show the edit as it will be, with its badge
                text = msgspec.json.decode(self.outbox_item.body, type=p.PostWrite).text
            except msgspec.MsgspecError:
                pass
        self.body.setText(render(text, self.names.mentions(post.mentions)))
        self._show_state(item, snapshot)
        own = post.author_id == self.ctx.me
        idle = item.pending_state is None and self.outbox_item is None
        self.edit_button.setVisible(own)
        self.delete_button.setVisible(own)
        self.edit_button.setEnabled(idle)
        self.delete_button.setEnabled(idle)
        may_discuss = item.pending_state != "failed" and post.space_id in snapshot.discuss_in
        self._show_reactions(snapshot, may_discuss)
        comments = reader.comments_of(self.ctx.reader, post.id)
        self.comments_button.setText(self.tr("%n comment(s)", "", len(comments)))
        self.comments.set_comments(post.id, comments, may_discuss)

    def _show_state(self, item: PostItem, snapshot: OutboxSnapshot) -> None:
        """The badge tells about the post itself; the failure bar also about a refused
        reaction, which has no other place to be seen, retried or dropped."""
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
        self.setStyleSheet("#postCard { background: #fff4f4; }" if state == "failed" else "")
        message = ""
        if state == "failed":
            message = self.tr("The server refused this: %1").replace(
                "%1", reason or self.tr("no reason given"))
        else:
            refused = [(emoji, o) for emoji, o in snapshot.reactions.get(item.post.id, [])
                       if o.state == "failed"]
            if refused:
                emoji, failed = refused[0]
                self.failed_item_id = failed.id
                message = self.tr("Your reaction %1 was not sent: %2").replace(
                    "%1", emoji).replace("%2", failed.error or self.tr("no reason given"))
        self.reason_label.setText(message)
        self.failure.setVisible(bool(message))

    def _show_reactions(self, snapshot: OutboxSnapshot, enabled: bool) -> None:
        counts: dict[str, int] = {}
        mine: set[str] = set()
        for reaction in reader.reactions_of(self.ctx.reader, self.post_id):
            counts[reaction.emoji] = counts.get(reaction.emoji, 0) + 1
            if reaction.person_id == self.ctx.me:
                mine.add(reaction.emoji)
        for emoji, waiting in snapshot.reactions.get(self.post_id, []):
            if waiting.state == "pending" and emoji not in mine:
                counts[emoji] = counts.get(emoji, 0) + 1
                mine.add(emoji)
        for emoji, button in self.reaction_buttons.items():
            count = counts.get(emoji, 0)
            button.setText(f"{emoji} {count}" if count else emoji)
            button.setChecked(emoji in mine)
            button.setEnabled(enabled)
            button.setAccessibleDescription(self.tr("%n reaction(s)", "", count))

    # -- acting ----------------------------------------------------------------------

    def _open_author(self) -> None:
        if self.item is not None:
            self.ctx.navigator.show_person(self.item.post.author_id)

    def _open_space(self) -> None:
        if self.item is not None:
            self.ctx.navigator.show_space(self.item.post.space_id)

    def _toggle_comments(self, shown: bool) -> None:
        self.comments.setVisible(shown)
        self.comments_button.setAccessibleName(
            self.tr("Hide comments") if shown else self.tr("Show comments"))
        if shown:
            self.comments.comment_box.setFocus()

    def open_comments(self) -> None:
        self.comments_button.setChecked(True)

    def _react(self, emoji: str) -> None:
        button = self.reaction_buttons[emoji]
        if self.item is None:
            return
        if not button.isChecked():  # already reacted: the server keeps one per emoji
            button.setChecked(True)
            return
        post_id = self.item.post.id
        run_write(self.ctx, lambda cache: writes.queue_reaction(cache, post_id, emoji),
                  lambda _error: None, self)

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

        def done(error: str) -> None:
            self.save_button.setEnabled(True)
            if not error:
                self.editor.hide()

        run_write(self.ctx, lambda cache: writes.queue_post_edit(cache, post, text), done, self)

    def _delete(self) -> None:
        if self.item is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete post"), self.tr("Delete this post for everyone?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        post_id = self.item.post.id
        run_write(self.ctx, lambda cache: writes.queue_post_delete(cache, post_id),
                  lambda _error: None, self)

    def _retry(self) -> None:
        item_id = self.failed_item_id
        run_write(self.ctx, lambda cache: outbox.retry(cache, item_id), lambda _e: None, self)

    def _discard(self) -> None:
        item_id = self.failed_item_id
        run_write(self.ctx, lambda cache: outbox.discard(cache, item_id), lambda _e: None, self)
