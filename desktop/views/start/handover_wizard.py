"""The handover wizard: a unit lead passes a position to its successor in four steps.

Position, successor, date and note, then a review of what passes with the job (its
responsibilities, job contacts with their notes, spaces) and what stays with the
predecessor. Every step reads only the local cache and Finish only queues the write,
so the wizard works the same offline: the handover is sent at the next sync, and the
server applies it on its date. Each step is operable with the keyboard alone: typing
searches the cache, the first match is chosen, Enter goes on.
"""

from __future__ import annotations

import datetime as dt

from desktop.context import ViewContext
from desktop.qt import (
    QAbstractSpinBox,
    QCoreApplication,
    QDate,
    QDateEdit,
    QDateTimeEdit,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
    Signal,
    Slot,
)
from desktop.views.common.choosers import ChoicePage
from desktop.views.common.text import day_text, wrapped
from desktop.views.start.digest import DigestWidget
from desktop.write_op import WriteOp
from sync import protocol as p
from sync import writes
from sync.cache.read.handover import handover_preview, scheduled_handover
from sync.cache.read.lead import find_manageable_positions
from sync.cache.read.people import (
    get_org_unit,
    get_people,
    get_person,
    get_position,
    get_position_of,
    list_people,
)
from sync.protocol import Person, Position

PEOPLE_SHOWN = 30
POSITIONS_SHOWN = 50


class PositionPage(ChoicePage):
    """Searches as the lead types: a company lead leads a hundred thousand positions."""

    def __init__(self, wizard: HandoverWizard) -> None:
        super().__init__()
        self.set_texts(self.tr("Position"), self.tr("&Which position is handed over?"),
                       self.tr("Positions you lead"), self.tr("Type a title, a name or a unit"))
        self.wizard_ = wizard
        self.choices.currentRowChanged.connect(self._show_pending)
        self.search("")

    @Slot(str)
    def search(self, text: str) -> None:
        """No text: the lead's own unit first; text: titles, holders and units that match."""
        ctx = self.wizard_.ctx
        wanted = text.strip()
        positions = find_manageable_positions(
            ctx.cache, ctx.me, wanted, limit=POSITIONS_SHOWN) if ctx.me else []
        holders = get_people(ctx.cache,
                                   [pos.holder_id for pos in positions if pos.holder_id])
        units: dict[str, p.OrgUnit | None] = {}
        previous = self.chosen()
        self.choices.clear()
        for position in positions:
            holder = holders.get(position.holder_id or "")
            if position.org_unit_id not in units:
                units[position.org_unit_id] = get_org_unit(ctx.cache,
                                                                  position.org_unit_id)
            unit = units[position.org_unit_id]
            name = holder.display_name if holder else self.tr("vacant")
            unit_name = unit.name if unit else ""
            text_line = f"{position.title} — {name}" + (f" ({unit_name})" if unit_name else "")
            self.add_choice(text_line, position.id)
        rows = self.choice_ids()
        if wanted:  # typing picks the first match, so Enter can go on
            self.choices.choose_first()
        elif previous in rows:
            self.choices.setCurrentRow(rows.index(previous))
        self._show_pending()
        self.completeChanged.emit()

    def _search_hint(self, found: int) -> str:
        if found >= POSITIONS_SHOWN:
            return self.tr("Only the first %1 are shown; type more to narrow them down.") \
                .replace("%1", str(POSITIONS_SHOWN))
        if found:
            return ""
        if self.filter.text().strip():
            return self.tr("No position you lead matches.")
        return self.tr("You lead no positions that could be handed over.")

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.filter.setFocus()

    def waiting(self) -> p.Handover | None:
        """A handover of the chosen position already scheduled: the server allows one."""
        position_id = super().chosen()
        return scheduled_handover(self.wizard_.ctx.cache, position_id) \
            if position_id else None

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return super().isComplete() and self.waiting() is None

    @Slot()
    def _show_pending(self) -> None:
        waiting = self.waiting()
        if waiting is None:
            self.hint.setText(self._search_hint(self.choices.count()))
            return
        person = get_person(self.wizard_.ctx.cache, waiting.to_person_id)
        self.hint.setText(
            self.tr("Already scheduled: to %1 on %2. Cancel that one first (Start here).")
            .replace("%1", person.display_name if person else "?")
            .replace("%2", day_text(waiting.date)))


class SuccessorPage(ChoicePage):
    def __init__(self, wizard: HandoverWizard) -> None:
        super().__init__()
        self.set_texts(self.tr("Successor"), self.tr("&Who takes it over?"), self.tr("People"),
                       self.tr("Type a name"))
        self.wizard_ = wizard

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.search(self.filter.text())
        self.filter.setFocus()

    @Slot(str)
    def search(self, text: str) -> None:
        """A name searches everyone; no name suggests the people of the position's unit."""
        ctx = self.wizard_.ctx
        position = self.wizard_.position()
        if text.strip():
            people = list_people(ctx.cache, text.strip(), limit=PEOPLE_SHOWN)
            self.hint.setText("" if people else self.tr("Nobody found."))
        elif position is not None:
            people = list_people(ctx.cache, org_unit_id=position.org_unit_id,
                                        limit=PEOPLE_SHOWN)
            self.hint.setText(self.tr("People in the position's unit; type to find others."))
        else:
            people = []
        holder_id = position.holder_id if position is not None else None
        previous = self.chosen()
        self.choices.clear()
        for person in people:
            if person.id == holder_id:
                continue
            own = get_position_of(ctx.cache, person.id)
            text_line = person.display_name + (f" — {own.title}" if own else "")
            self.add_choice(text_line, person.id)
        if text.strip() or previous:
            rows = self.choice_ids()
            if previous in rows:
                self.choices.setCurrentRow(rows.index(previous))
            else:
                self.choices.choose_first()
        self.completeChanged.emit()


class DayDateEdit(QDateEdit):
    """Up/Down on the day move by whole days across month ends (Qt stops at the 30th)."""

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        if self.currentSection() == QDateTimeEdit.Section.DaySection:
            self.setDate(self.date().addDays(steps))
            self.setCurrentSection(QDateTimeEdit.Section.DaySection)
        else:
            super().stepBy(steps)

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 - Qt override
        if self.currentSection() != QDateTimeEdit.Section.DaySection:
            return super().stepEnabled()
        down = self.date() > self.minimumDate()
        up_flag = QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        return up_flag | QAbstractSpinBox.StepEnabledFlag.StepDownEnabled if down else up_flag


class DatePage(QWizardPage):
    def __init__(self, wizard: HandoverWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(self.tr("Date and note"))
        self.date = DayDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setMinimumDate(QDate.currentDate())
        self.date.setCurrentSection(QDateTimeEdit.Section.DaySection)  # Up/Down: a day
        self.date.setAccessibleName(self.tr("Handover date"))
        date_label = QLabel(self.tr("&Date:"))
        date_label.setBuddy(self.date)
        self.when = wrapped("", "handoverWhen")
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setAccessibleName(self.tr("Handover note"))
        self.note.setPlaceholderText(
            self.tr("What the successor should know first (optional)"))
        note_label = QLabel(self.tr("N&ote for the successor:"))
        note_label.setBuddy(self.note)
        # The note stays on the position's record like its history: said before it is typed.
        self.visibility = wrapped(self.tr("Everyone in the company can read this note."),
                                  "noteVisibility")
        self.note.setAccessibleDescription(self.visibility.text())
        layout = QVBoxLayout(self)
        layout.addWidget(date_label)
        layout.addWidget(self.date)
        layout.addWidget(self.when)
        layout.addWidget(note_label)
        layout.addWidget(self.visibility)
        layout.addWidget(self.note, 1)
        self.date.dateChanged.connect(self._show_when)
        self._show_when()

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.date.setFocus()
        self.date.setCurrentSection(QDateTimeEdit.Section.DaySection)

    def day(self) -> dt.date:
        value = self.date.date()
        return dt.date(value.year(), value.month(), value.day())

    @Slot()
    def _show_when(self) -> None:
        self.when.setText(when_text(self.day()))


def when_text(day: dt.date) -> str:
    """Whether Finish hands over now or schedules it: said on the date page and in review."""
    if day > dt.date.today():
        return QCoreApplication.translate(
            "HandoverWizard", "Scheduled: the handover will take effect on %1.").replace(
            "%1", day_text(day))
    return QCoreApplication.translate(
        "HandoverWizard", "The handover takes effect today, as soon as it reaches the server.")


class ReviewPage(QWizardPage):
    def __init__(self, wizard: HandoverWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(self.tr("Review"))
        self.setFinalPage(True)
        self.summary = wrapped("", "reviewSummary")
        self.when = wrapped("", "reviewWhen")
        self.keeps = wrapped("", "reviewKeeps")
        self.preview: DigestWidget | None = None
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.when)
        layout.addWidget(wrapped(self.tr("Passes to the successor with the job:")))
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.keeps)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        wizard = self.wizard_
        ctx = wizard.ctx
        position, successor = wizard.position(), wizard.successor()
        if position is None or successor is None:
            return
        holder = get_person(ctx.cache, position.holder_id) if position.holder_id else None
        name = holder.display_name if holder else self.tr("nobody (vacant)")
        self.summary.setText(
            self.tr("%1 passes from %2 to %3.").replace("%1", position.title)
            .replace("%2", name).replace("%3", successor.display_name))
        self.when.setText(when_text(wizard.date_page.day()))
        digest = handover_preview(ctx.cache, position.id)
        self.preview = DigestWidget(digest, None)
        self.preview.title.hide()
        self.scroll_area.setWidget(self.preview)
        if holder is not None:
            self.keeps.setText(self.tr(
                "Stays with %1: their personal connections and everything they wrote.")
                .replace("%1", holder.display_name))
        else:
            self.keeps.setText("")


class HandoverWizard(QWizard):
    """Finish queues the handover through the bridge and never waits for the server."""

    queued = Signal(str)  # the position id handed over

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.write_op: WriteOp | None = None  # queuing the handover, once finished
        self.setWindowTitle(self.tr("Hand over a position"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(640, 560)
        self.position_page = PositionPage(self)
        self.successor_page = SuccessorPage(self)
        self.date_page = DatePage(self)
        self.review_page = ReviewPage(self)
        for page in (self.position_page, self.successor_page, self.date_page,
                     self.review_page):
            self.addPage(page)
        for which, text in ((QWizard.WizardButton.NextButton, self.tr("&Next")),
                            (QWizard.WizardButton.BackButton, self.tr("&Back")),
                            (QWizard.WizardButton.FinishButton, self.tr("&Hand over")),
                            (QWizard.WizardButton.CancelButton, self.tr("Cancel"))):
            self.setButtonText(which, text)
            self.button(which).setAccessibleName(text.replace("&", ""))

    def position(self) -> Position | None:
        position_id = self.position_page.chosen()
        return get_position(self.ctx.cache, position_id) if position_id else None

    def successor(self) -> Person | None:
        person_id = self.successor_page.chosen()
        return get_person(self.ctx.cache, person_id) if person_id else None

    def accept(self) -> None:
        position, successor = self.position(), self.successor()
        if position is None or successor is None:
            return
        day = self.date_page.day()
        note = self.date_page.note.toPlainText().strip()
        position_id, successor_id = position.id, successor.id
        self.write_op = WriteOp(self.ctx, lambda cache: writes.queue_handover(
            cache, position_id, successor_id, day, note)).run()
        self.queued.emit(position_id)
        super().accept()


def open_handover_wizard(ctx: ViewContext, parent: QWidget | None = None) -> HandoverWizard:
    wizard = HandoverWizard(ctx, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard
