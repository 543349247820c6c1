"""The conversation under a post: its comments, oldest first, and the box to add one.

Like the post card it belongs to, the panel shows what is not on the server yet: a
comment says "Sending…" while it waits in the outbox, and the server's reason with
Retry and Discard links when it was refused. The comment list is rebuilt only when a
comment changed, and the box is never touched by a refresh, so a half-written comment
survives every sync.

It also holds the small helpers the post card shares with it (relative times, opening a
link from rendered text); they live here because the card imports the panel, never the
other way round.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from desktop.avatar import avatar_of
from desktop.context import ViewContext, icon_path
from desktop.markdown import is_safe_url, render
from desktop.mentions import resolve_mentions
from desktop.models.posts import NameBook
from desktop.qt import (
    QCoreApplication,
    QDate,
    QDesktopServices,
    QHBoxLayout,
    QIcon,
    QLabel,
    QLineEdit,
    QLocale,
    Qt,
    QToolButton,
    QUrl,
    QVBoxLayout,
    QWidget,
)
from desktop.style import current_colour
from desktop.views.posts.mention_completer import MentionCompleter
from desktop.write_op import WriteOp
from sync import writes
from sync.cache.read.posts import CommentItem
from sync.cache.write import outbox

COMMENT_AVATAR = 20  # logical pixels, beside each comment


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
    day = QDate(when.year, when.month, when.day)
    return QLocale().toString(day, QLocale.FormatType.ShortFormat)


def open_link(ctx: ViewContext, url: str) -> None:
    """person: links are mentions; everything else only if it is a web or mail link."""
    if url.startswith("person:"):
        ctx.navigator.navigate("people", url.removeprefix("person:"))
    elif is_safe_url(url):
        QDesktopServices.openUrl(QUrl(url))


class CommentsPanel(QWidget):
    """The comments of one post and the box to add to them.

    The card calls set_comments() on every refresh and focus_box() when the user opens
    the conversation; everything else (sending, retrying, discarding) happens here.
    """

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
        self.mentions = MentionCompleter(ctx, self.comment_box)  # Enter in its list: no send
        self.send_button = QToolButton()
        self.send_button.setIcon(QIcon(icon_path("send")))
        self.send_button.setText(self.tr("Send"))
        self.send_button.setAccessibleName(self.tr("Send comment"))
        self.send_button.clicked.connect(self.send)
        row.addWidget(self.comment_box, 1)
        row.addWidget(self.send_button)
        layout.addLayout(row)
        self.labels: list[QLabel] = []
        self._rows: list[QWidget] = []  # each label beside its author's avatar

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
        for row in self._rows:
            row.deleteLater()
        self.labels, self._rows = [], []
        self.names.prefetch(c.comment.author_id for c in items)
        for item in items:
            label = QLabel(self._comment_html(item))
            label.setObjectName("commentText")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            label.linkActivated.connect(self._link)
            face = QLabel()
            face.setPixmap(avatar_of(self.ctx.cache, item.comment.author_id, COMMENT_AVATAR))
            face.setAlignment(Qt.AlignmentFlag.AlignTop)
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(face)
            line.addWidget(label, 1)
            self.list_layout.addWidget(row)
            self.labels.append(label)
            self._rows.append(row)

    def focus_box(self) -> None:
        self.comment_box.setFocus()

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
            danger = current_colour("danger")
            tail = (f'<br><span style="color:{danger};">{reason}</span> '
                    f'<a href="retry:{comment.id}">{html.escape(self.tr("Retry"))}</a> · '
                    f'<a href="discard:{comment.id}">{html.escape(self.tr("Discard"))}</a>')
        return f"{head}<br>{text}{tail}"

    def _link(self, url: str) -> None:
        action, _, item_id = url.partition(":")
        if action == "retry":
            WriteOp(self.ctx, lambda c: outbox.retry(c, item_id), self).run()
        elif action == "discard":
            WriteOp(self.ctx, lambda c: outbox.discard(c, item_id), self).run()
        else:
            open_link(self.ctx, url)

    def send(self) -> None:
        """Queue the comment with the people it names, as a post does (see mentions)."""
        text, post_id = self.comment_box.text(), self.post_id
        if not text.strip() or not post_id:
            return
        mentions = resolve_mentions(self.ctx.cache, text)
        self.comment_box.setEnabled(False)

        def sent(_item: object) -> None:
            self.comment_box.setEnabled(True)
            self.comment_box.clear()
            self.comment_box.setFocus()

        def refused(error: str) -> None:  # the text stays, to send again
            self.comment_box.setEnabled(True)
            self.comment_box.setFocus()
            self.ctx.tell(error)

        WriteOp(self.ctx, lambda cache: writes.queue_comment(
            cache, post_id, text, mentions=mentions), self).success(sent).failure(refused).run()
