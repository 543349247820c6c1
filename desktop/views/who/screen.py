"""Who does what: type a topic, see who handles it today and how.

Answers come from who_is_responsible, which already knows whether the holder is
away or the position vacant; this screen only has to make the person to ask obvious
and one click away. At most ten answers are shown, so plain card widgets do here what a
lazy model does for the directory. The Register mode (register.py) lists every duty
for browsing and editing.
"""

from __future__ import annotations

from desktop.context import Navigator, ViewContext
from desktop.qt import (
    QFont,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    Qt,
    QTabBar,
    QTimer,
    QVBoxLayout,
    QWidget,
    Slot,
)
from desktop.views.base import View
from desktop.views.common.links import LinkButton
from desktop.views.common.text import first_line
from desktop.views.who.register import RegisterPanel
from sync.cache.read.who import WhoAnswer, who_is_responsible
from sync.protocol import Person, Position

# Typing pauses this long before the search runs, so fast typists do not query per key.
TYPING_PAUSE_MS = 150


class AnswerCard(QFrame):
    """One responsibility: what it is, who holds it, who stands in, the how-to."""

    def __init__(self, answer: WhoAnswer, navigator: Navigator,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.answer = answer
        self.navigator = navigator
        self.setObjectName("whoAnswer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        responsibility = answer.responsibility
        layout = QVBoxLayout(self)
        title = QLabel(responsibility.title)
        title.setObjectName("responsibilityTitle")
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        title.setWordWrap(True)
        layout.addWidget(title)
        if responsibility.description:
            description = QLabel(responsibility.description)
            description.setObjectName("responsibilityDescription")
            description.setWordWrap(True)
            layout.addWidget(description)
        grid = QGridLayout()
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        self.holder_button = self._add_role(
            grid, 0, self.tr("Responsible:"), answer.owner_position, answer.holder,
            self.tr("Responsible: %1"))
        self.note = QLabel(self._note_text())
        self.note.setObjectName("whoNote")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(self.note.text()))
        if answer.ask_deputy or answer.holder_absent:
            self.note.setProperty("tone", "strong-warning")
        grid.addWidget(self.note, 1, 1, 1, 2)
        self.deputy_button: QPushButton | None = None
        if answer.deputy_position is not None:
            self.deputy_button = self._add_role(
                grid, 2, self.tr("Deputy:"), answer.deputy_position, answer.deputy_holder,
                self.tr("Deputy: %1"))
        self.howto_button: QPushButton | None = None
        if answer.howto_post is not None:
            post = answer.howto_post
            text = self.tr("How-to: %1").replace("%1", first_line(post.text))
            self.howto_button = LinkButton(text, self.tr("Open the how-to"), self)
            self.howto_button.setObjectName("howtoLink")
            self.howto_button.clicked.connect(lambda: self.navigator.navigate("feed", post.id))
            layout.addWidget(self.howto_button)
        ask = answer.ask
        for button in (self.holder_button, self.deputy_button):
            if button is not None and ask is not None and button.property("person_id") == ask.id:
                bold = QFont(button.font())
                bold.setBold(True)
                button.setFont(bold)
                button.setToolTip(self.tr("Ask this person today"))

    def _note_text(self) -> str:
        answer = self.answer
        if answer.holder is None:
            if answer.ask_deputy:
                return self.tr("vacant — ask the deputy")
            return self.tr("vacant")
        if answer.holder_absent:
            if answer.ask_deputy:
                return self.tr("absent — ask the deputy")
            return self.tr("absent")
        return ""

    def _add_role(self, grid: QGridLayout, row: int, label: str, position: Position | None,
                  person: Person | None, accessible: str) -> QPushButton | None:
        """One line: role, position title, and the holder as a link (or "vacant")."""
        grid.addWidget(QLabel(label), row, 0)
        grid.addWidget(QLabel(position.title if position is not None else ""), row, 1)
        if person is None:
            vacant = QLabel(self.tr("vacant"))
            vacant.setObjectName("vacant")
            grid.addWidget(vacant, row, 2)
            return None
        button = LinkButton(person.display_name, accessible.replace("%1", person.display_name),
                            self)
        button.setProperty("person_id", person.id)
        person_id = person.id
        button.clicked.connect(lambda: self.navigator.navigate("people", person_id))
        grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignLeft)
        return button


class WhoView(View):
    """Two modes: Search (one topic, who to ask today) and Register (every duty, to look
    over and change). The register is built when first shown, so this screen opens as
    fast as before for the many who only ask."""

    name = "who"

    def __init__(self, ctx: ViewContext) -> None:
        super().__init__(ctx)
        self.mode = QTabBar()
        self.mode.setObjectName("whoMode")
        self.mode.setAccessibleName(self.tr("Mode"))
        self.mode.addTab(self.tr("&Search"))
        self.mode.addTab(self.tr("&Register"))
        self.mode.setTabToolTip(0, self.tr("Who handles a topic today"))
        self.mode.setTabToolTip(1, self.tr("All responsibilities: browse, check, change"))
        self.pages = QStackedWidget()
        self.register: RegisterPanel | None = None
        search_page = QWidget()
        self.pages.addWidget(search_page)
        outer = QVBoxLayout(self)
        outer.addWidget(self.mode, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addWidget(self.pages, 1)
        self.mode.currentChanged.connect(self._switch)
        self.topic = QLineEdit()
        self.topic.setObjectName("whoTopic")
        self.topic.setAccessibleName(self.tr("Topic"))
        self.topic.setPlaceholderText(self.tr("A topic, e.g. travel expenses, VPN, holiday"))
        self.topic.setClearButtonEnabled(True)
        prompt = QLabel(self.tr("&Who handles…"))
        prompt.setBuddy(self.topic)
        self.hint = QLabel()
        self.hint.setObjectName("whoHint")
        self.hint.setWordWrap(True)
        self.cards: list[AnswerCard] = []
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName(self.tr("Who to ask"))  # a Tab stop, named for screen readers
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list)
        layout = QVBoxLayout(search_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(prompt)
        layout.addWidget(self.topic)
        layout.addWidget(self.hint)
        layout.addWidget(scroll, 1)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.run_search)
        self.topic.textChanged.connect(self._typing.start)
        self.topic.returnPressed.connect(self.run_search)
        self._shown_topic: str | None = None
        self.run_search()

    def title(self) -> str:
        return self.tr("Who does what")

    def show_register(self) -> RegisterPanel:
        self.mode.setCurrentIndex(1)
        assert self.register is not None
        return self.register

    def show_search(self) -> None:
        self.mode.setCurrentIndex(0)

    @Slot(int)
    def _switch(self, index: int) -> None:
        if index == 1 and self.register is None:
            self.register = RegisterPanel(self.ctx)
            self.pages.addWidget(self.register)
        elif index == 1 and self.register is not None:
            self.register.refresh()
        self.pages.setCurrentIndex(index)
        (self.register.filter_edit if index == 1 and self.register else self.topic).setFocus()

    def open_target(self, target: str) -> None:
        self.show_topic(target)

    def show_topic(self, text: str) -> None:
        """Answer a topic at once (from search or another screen)."""
        self.show_search()
        self.topic.setText(text)
        self.run_search()
        self.topic.setFocus()

    def describe(self) -> dict[str, object]:
        return {"hint": self.hint.text(), "answers": len(self.cards),
                "topic": self.topic.text(),
                "mode": "register" if self.mode.currentIndex() == 1 else "search"}

    def refresh(self) -> None:
        if self.topic.text().strip():
            self.run_search()
        if self.register is not None and self.mode.currentIndex() == 1:
            self.register.refresh()  # a hidden register catches up when shown again

    @Slot()
    def run_search(self) -> None:
        self._typing.stop()
        text = self.topic.text().strip()
        answers = who_is_responsible(self.ctx.cache, text) if text else []
        if text == self._shown_topic and answers == [c.answer for c in self.cards]:
            return  # a sync changed nothing here: keep the cards (and the keyboard focus)
        for card in self.cards:
            self._list_layout.removeWidget(card)
            card.deleteLater()
        self.cards = []
        self._shown_topic = text
        if not text:
            self.hint.setText(self.tr("Type what you need help with, and Kontor shows who "
                                      "handles it today."))
            return
        if not answers:
            self.hint.setText(self.tr("Nobody is listed for “%1”. Try another word.")
                              .replace("%1", text))
            return
        self.hint.setText("")
        for answer in answers:
            card = AnswerCard(answer, self.ctx.navigator, self._list)
            self._list_layout.insertWidget(self._list_layout.count() - 1, card)
            self.cards.append(card)
