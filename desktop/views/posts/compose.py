"""The compose box: write a post into a chosen space (Feed) or the open one (Spaces).

A new post goes into the outbox and shows at once with a "Sending…" badge, online or
not; after the sync it is the server's post like any other. The box offers only the
spaces where the server will take the post, and says why when there are none.
"""

from __future__ import annotations

from desktop.context import ViewContext, icon_path
from desktop.mentions import resolve_mentions
from desktop.qt import (
    QComboBox,
    QEvent,
    QHBoxLayout,
    QIcon,
    QKeyEvent,
    QLabel,
    QObject,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desktop.views.posts.mention_completer import MentionCompleter
from desktop.write_op import WriteOp
from sync import writes
from sync.cache.read.posts import default_space, postable_spaces

READING_KEY = "view/%1/reading_space"  # per person: the space last read (Spaces sets it)


def remember_reading(ctx: ViewContext, space_id: str) -> None:
    """The space the user is reading: where their next post in the Feed goes."""
    if ctx.settings.user is not None and ctx.me:
        ctx.settings.user.setValue(READING_KEY.replace("%1", ctx.me), space_id)


def _reading(ctx: ViewContext) -> str | None:
    if ctx.settings.user is None or not ctx.me:
        return None
    value = ctx.settings.user.value(READING_KEY.replace("%1", ctx.me))
    return str(value) if value else None


class ComposeBox(QWidget):
    """Write a post into a chosen space (feed) or the open one (spaces)."""

    def __init__(self, ctx: ViewContext, choose_space: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.choose_space = choose_space
        self.fixed_space: str | None = None
        self.fixed_name = ""
        self.sending = False
        self.picked = False  # the user chose a space in the box: it stays chosen
        self.why_not = ""  # why nothing can be posted here, "" if something can
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.text = QPlainTextEdit()
        self.text.setObjectName("composeText")
        self.text.setAccessibleName(self.tr("New post"))
        self.text.setPlaceholderText(self.tr("Share something with your colleagues… "
                                             "(Ctrl+Enter sends)"))
        self.text.setTabChangesFocus(True)
        self.space_label = QLabel(self.tr("Post &in:"))
        self.spaces = QComboBox()
        self.spaces.setObjectName("composeSpace")
        self.spaces.setAccessibleName(self.tr("Space"))
        # Room for a team space and its site, "Vertriebsinnendienst (München)": the
        # place a post goes must be readable before it is sent.
        self.spaces.setMinimumContentsLength(28)
        self.spaces.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.space_label.setBuddy(self.spaces)
        self.space_label.setVisible(choose_space)
        self.spaces.setVisible(choose_space)
        self.note = QLabel()
        self.note.setObjectName("composeNote")
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.post_button = QPushButton(QIcon(icon_path("send")), self.tr("&Post"))
        self.post_button.setObjectName("composePost")
        self.post_button.setAccessibleName(self.tr("Post"))
        self.post_button.setToolTip(self.tr("Post (Ctrl+Enter)"))
        self.post_button.clicked.connect(self.submit)
        # One row: the text, where it goes, and the button; the text is one line high
        # until it is wanted (focus or text), so the posts keep the screen.
        row = QHBoxLayout()
        row.setSpacing(8)
        top = Qt.AlignmentFlag.AlignTop
        row.addWidget(self.text, 3)
        row.addWidget(self.space_label, 0, top | Qt.AlignmentFlag.AlignRight)
        row.addWidget(self.spaces, 1, top)
        row.addWidget(self.post_button, 0, top)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self._fit_text()
        self.text.textChanged.connect(self._update_button)
        self.text.textChanged.connect(self._fit_text)
        self.spaces.activated.connect(self._picked)
        self.text.installEventFilter(self)
        self.mentions = MentionCompleter(ctx, self.text)  # after the filter: it sees keys first
        self.setTabOrder(self.text, self.spaces)
        self.setTabOrder(self.spaces, self.post_button)

    COMPACT_LINES = 1
    GROWN_HEIGHT = 110

    def _fit_text(self) -> None:
        """One line while idle; room for a paragraph while written in."""
        grown = self.text.hasFocus() or bool(self.text.toPlainText())
        line = self.text.fontMetrics().lineSpacing()
        compact = line * self.COMPACT_LINES + 2 * self.text.frameWidth() + 14
        self.text.setFixedHeight(max(self.GROWN_HEIGHT, compact) if grown else compact)
        self.text.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if grown
                                             else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter in the text sends, as in mail and chat programs; focus grows the
        box and leaving an empty one shrinks it again."""
        if watched is self.text and event.type() in (QEvent.Type.FocusIn,
                                                      QEvent.Type.FocusOut):
            self._fit_text()
        if (watched is self.text and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.submit()
            return True
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        allowed = postable_spaces(self.ctx.cache, self.ctx.me)
        if self.choose_space:
            chosen = self.spaces.currentData() if self.picked else None
            if chosen is None:
                default = default_space(self.ctx.cache, self.ctx.me, _reading(self.ctx))
                chosen = default.id if default else None
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

    def _picked(self, _index: int) -> None:
        self.picked = True
        self._update_button()

    def _enable(self, enabled: bool, why_not: str) -> None:
        self.text.setEnabled(enabled)
        previous, self.why_not = self.why_not, "" if enabled else why_not
        if not enabled:
            self.note.setText(why_not)
        elif previous and self.note.text() == previous:
            self.note.clear()
        self._update_button()

    def space_name(self) -> str:
        if self.choose_space:
            return self.spaces.currentText()
        return self.fixed_name

    def _update_button(self) -> None:
        """Post acts only when there is something to post and a space to post it in;
        otherwise it is disabled and its tooltip says why. Where the post goes shows
        in the text box before anything is written."""
        where = self.space_name()
        if where:
            self.text.setPlaceholderText(self.tr("Write to %1… (Ctrl+Enter sends)")
                                         .replace("%1", where))
        if self.why_not:
            reason = self.why_not
        elif not self.text.toPlainText().strip():
            reason = self.tr("Write something first")
        else:
            reason = ""
        self.post_button.setEnabled(not reason and not self.sending)
        self.post_button.setToolTip(reason or self.tr("Post in %1 (Ctrl+Enter)")
                                    .replace("%1", where))

    def set_space(self, space_id: str | None, name: str = "") -> None:
        self.fixed_space = space_id
        self.fixed_name = name
        self.refresh()

    def space_id(self) -> str | None:
        return self.spaces.currentData() if self.choose_space else self.fixed_space

    def submit(self) -> None:
        text, space_id = self.text.toPlainText(), self.space_id()
        if not text.strip() or not space_id or not self.post_button.isEnabled():
            return
        mentions = resolve_mentions(self.ctx.cache, text)
        self.sending = True
        self._update_button()

        def posted(_item: object) -> None:
            self.sending = False
            self.note.clear()
            self.text.clear()
            self._update_button()

        def refused(error: str) -> None:  # the text stays, to post again
            self.sending = False
            self._update_button()
            self.note.setText(self.tr("Not posted: %1").replace("%1", error))

        WriteOp(self.ctx, lambda cache: writes.queue_post(
            cache, space_id, text, mentions=mentions), self).success(posted).failure(refused).run()

