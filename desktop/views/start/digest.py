"""The handover digest: what a successor needs on their first day in a position.

The people to call (with what the predecessor wrote about each), the responsibilities
that came with the job, its spaces and the how-tos to read. Start here shows one per
position taken over; the same widget opens alone in a window when a successor opens a
handover, and (without links) in the handover wizard's review of what will pass.
Everything is read from the cache, so the digest works offline like the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.context import Navigator, ViewContext
from desktop.qt import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desktop.views.common.links import LinkButton
from desktop.views.common.text import day_text, first_line, heading, wrapped
from sync.cache.read.handover import Digest, handover_digest


class DigestWidget(QFrame):
    """One position's digest. With a navigator, people, spaces and how-tos are links."""

    def __init__(self, digest: Digest, navigator: Navigator | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digest = digest
        self.navigator = navigator
        self.setObjectName("handoverDigest")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.person_buttons: list[QPushButton] = []
        self.space_buttons: list[QPushButton] = []
        self.howto_buttons: list[QPushButton] = []
        self.notes: list[QLabel] = []
        layout = QVBoxLayout(self)
        self.title = heading(self.tr("Handover: %1").replace("%1", digest.position.title))
        self.title.setObjectName("digestTitle")
        layout.addWidget(self.title)
        self.summary = wrapped(self._summary(), "digestSummary")
        self.summary.setVisible(bool(self.summary.text()))
        layout.addWidget(self.summary)
        if digest.handover is not None and digest.handover.note.strip():
            note = wrapped(f"“{digest.handover.note.strip()}”", "handoverNote")
            note.setStyleSheet("font-style: italic;")
            layout.addWidget(note)
        self._add_contacts(layout)
        self._add_responsibilities(layout)
        self._add_links(layout, self.tr("Spaces"), [(s.id, s.name) for s in digest.spaces],
                        self._open_space, self.space_buttons, self.tr("Open space %1"))
        self._add_links(layout, self.tr("How-tos to read"),
                        [(post.id, first_line(post.text)) for post in digest.howtos],
                        self._open_post, self.howto_buttons, self.tr("Open how-to %1"))
        layout.addStretch(1)

    def _summary(self) -> str:
        handover, predecessor = self.digest.handover, self.digest.predecessor
        if handover is None:
            return ""
        scheduled = handover.state == "scheduled"
        if predecessor is None:
            text = self.tr("Newly filled, from %2") if scheduled else self.tr(
                "Newly filled since %2")
        else:
            text = self.tr("From %1, scheduled for %2") if scheduled else self.tr(
                "From %1 since %2")
            text = text.replace("%1", predecessor.display_name)
        return text.replace("%2", day_text(handover.date))

    def _section(self, layout: QVBoxLayout, text: str, empty: str, count: int) -> None:
        label = heading(text, 1.0)
        layout.addWidget(label)
        if not count:
            layout.addWidget(wrapped(empty))

    def _add_contacts(self, layout: QVBoxLayout) -> None:
        contacts = self.digest.contacts
        self._section(layout, self.tr("Key contacts"), self.tr("No job contacts recorded."),
                      len(contacts))
        grid = QGridLayout()
        grid.setColumnStretch(2, 1)
        for row, contact in enumerate(contacts):
            holder = contact.holder
            if holder is None:
                grid.addWidget(QLabel(self.tr("vacant")), row, 0)
            elif self.navigator is None:
                grid.addWidget(QLabel(holder.display_name), row, 0)
            else:
                button = LinkButton(holder.display_name,
                                    self.tr("Open %1").replace("%1", holder.display_name), self)
                button.setProperty("person_id", holder.id)
                button.clicked.connect(lambda _=False, pid=holder.id: self._open_person(pid))
                self.person_buttons.append(button)
                grid.addWidget(button, row, 0, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(QLabel(contact.position.title), row, 1)
            note = wrapped(f"“{contact.note}”" if contact.note else "", "contactNote")
            self.notes.append(note)
            grid.addWidget(note, row, 2)
        layout.addLayout(grid)

    def _add_responsibilities(self, layout: QVBoxLayout) -> None:
        items = self.digest.responsibilities
        self._section(layout, self.tr("Responsibilities"), self.tr("None recorded."),
                      len(items))
        for item in items:
            text = f"• {item.title}"
            if item.description:
                text += f" — {item.description}"
            layout.addWidget(wrapped(text, "digestResponsibility"))

    def _add_links(self, layout: QVBoxLayout, title: str, entries: list[tuple[str, str]],
                   opener: Callable[[str], object], store: list[QPushButton],
                   accessible: str) -> None:
        self._section(layout, title, self.tr("None."), len(entries))
        for record_id, text in entries:
            if self.navigator is None:
                layout.addWidget(wrapped(f"• {text}"))
                continue
            button = LinkButton(text, accessible.replace("%1", text), self)
            button.setProperty("record_id", record_id)
            button.clicked.connect(lambda _=False, rid=record_id: opener(rid))
            store.append(button)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)

    def _open_person(self, person_id: str) -> None:
        if self.navigator is not None:
            self.navigator.navigate("people", person_id)

    def _open_space(self, space_id: str) -> None:
        if self.navigator is not None:
            self.navigator.navigate("spaces", space_id)

    def _open_post(self, post_id: str) -> None:
        if self.navigator is not None:
            self.navigator.navigate("feed", post_id)


class DigestWindow(QDialog):
    """The digest alone, for a successor opening their handover (from a notice)."""

    def __init__(self, ctx: ViewContext, digest: Digest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Handover: %1").replace("%1", digest.position.title))
        self.resize(640, 620)
        self.digest_widget = DigestWidget(digest, _ClosingNavigator(ctx.navigator, self), self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.digest_widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)


class _ClosingNavigator:
    """Following a link from the window closes it, so the main window shows the target."""

    def __init__(self, navigator: Navigator, window: QDialog) -> None:
        self._navigator = navigator
        self._window = window

    def navigate(self, name: str, target: str = "") -> object:
        self._window.accept()
        return self._navigator.navigate(name, target)


def open_digest(ctx: ViewContext, position_id: str,
                parent: QWidget | None = None) -> DigestWindow | None:
    """Show a position's digest in its own window; None if the cache does not know it."""
    digest = handover_digest(ctx.cache, position_id)
    if digest is None:
        return None
    window = DigestWindow(ctx, digest, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window
