"""The editor of one responsibility: create it, change it, or remove it.

A duty belongs to a position, so the owner is chosen among the positions the user may
edit (their own first, then the ones they lead; find_editable_positions), exactly
those the server will accept, found by typing: an admin or a company lead may edit every
position there is, too many to list. The deputy may be any position, found by title or
holder name. Saving
queues an outbox item through the bridge and closes at once: the register shows the
change as pending until the server has it, and as refused (with the reason) if not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from desktop.context import ViewContext
from desktop.qt import (
    QCheckBox,
    QCoreApplication,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.views.common.choosers import CHOICES, RecordChooser, SearchChooser
from desktop.views.common.text import first_line
from desktop.views.who.synonym_list import SynonymList
from desktop.write_op import WriteOp
from sync import protocol as p
from sync import writes
from sync.cache.db import Cache
from sync.cache.read.org import Seat, find_org, seat_of
from sync.cache.read.people import get_org_unit, get_people, get_position
from sync.cache.read.posts import get_post
from sync.cache.read.register import edit_version, howto_posts
from sync.cache.read.rights import find_editable_positions, is_admin
from sync.cache.write import outbox

OWNERS_SHOWN = 50


def seat_label(position: p.Position, holder: p.Person | None, vacant: str) -> str:
    return f"{position.title} — {holder.display_name if holder else vacant}"


def parse_keywords(text: str) -> list[str]:
    """Comma separated, blanks dropped, each keyword once (first spelling kept)."""
    seen: set[str] = set()
    keywords = []
    for word in (w.strip() for w in text.split(",")):
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            keywords.append(word)
    return keywords


def confirm_delete(parent: QWidget, record: p.Responsibility) -> bool:
    """Deleting removes the duty for everyone: asked once, plainly."""
    answer = QMessageBox.question(
        parent, QCoreApplication.translate("ResponsibilityEditor", "Delete responsibility"),
        QCoreApplication.translate("ResponsibilityEditor", "Delete “%1” for everyone?")
        .replace("%1", record.title))
    return answer == QMessageBox.StandardButton.Yes


class OptionalDate(QWidget):
    """A date that may be left open: a check box switches the date field on."""

    changed = Signal()

    def __init__(self, label: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(label)
        self.enabled.setAccessibleName(accessible)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setAccessibleName(accessible)
        self.date.setDate(QDate.currentDate())
        self.date.setEnabled(False)
        self.enabled.toggled.connect(self.date.setEnabled)
        self.enabled.toggled.connect(self.changed)
        self.date.dateChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.date, 1)

    def value(self) -> dt.date | None:
        if not self.enabled.isChecked():
            return None
        # QDate.toPython() returns a datetime.date; the stub says object.
        chosen: dt.date = self.date.date().toPython()  # type: ignore[assignment]
        return chosen

    def set_value(self, day: dt.date | None) -> None:
        self.enabled.setChecked(day is not None)
        if day is not None:
            self.date.setDate(QDate(day.year, day.month, day.day))


class ResponsibilityEditor(QDialog):
    """Create (responsibility None) or edit a responsibility; `replaces` names a refused
    outbox item this edit takes the place of (discarded in the very transaction the new
    one is queued in, so a save that fails keeps the refused text)."""

    def __init__(self, ctx: ViewContext, responsibility: p.Responsibility | None = None,
                 *, replaces: str | None = None, stored: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.responsibility = responsibility
        self.replaces = replaces
        self._sending = False
        self.write_op: WriteOp | None = None  # the save or deletion, once started
        self.stored = stored  # False: the record is gone on the server (or never got there)
        # The version the user starts from: if someone else changes the duty meanwhile,
        # the server refuses this edit (409) instead of silently overwriting theirs.
        self.version = (edit_version(ctx.cache, responsibility.id)
                        if responsibility is not None and stored else None)
        self.setWindowTitle(self.tr("New responsibility") if responsibility is None
                            else self.tr("Edit responsibility"))
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setMaxLength(p.MAX_SHORT)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setAccessibleName(self.tr("Description"))
        self.description_edit.setTabChangesFocus(True)
        self.keywords_edit = QLineEdit()
        self.keywords_edit.setAccessibleName(self.tr("Keywords"))
        self.keywords_edit.setPlaceholderText(
            self.tr("What it covers, shown in the register; e.g. Reisekosten, Spesen"))
        # Room for every keyword the server takes, with their commas; _problem() tells
        # what is too much before anything is queued (or a refused change discarded).
        self.keywords_edit.setMaxLength(p.MAX_TAGS * (p.MAX_SHORT + 2))
        self.synonyms = SynonymList()
        self.owner = SearchChooser(self._find_owners, self.tr("Owner position"),
                                   self.tr("Type a title, a name or a unit"), OWNERS_SHOWN)
        self.deputy = RecordChooser(self._find_positions, self.tr("No deputy of its own "
                                    "(the owner position's deputy stands in)"),
                                    self.tr("Deputy position"))
        self.howto = RecordChooser(self._find_howtos, self.tr("No how-to"),
                                   self.tr("How-to post"))
        self.valid_from = OptionalDate(self.tr("&From"), self.tr("Valid from"))
        self.valid_to = OptionalDate(self.tr("&Until"), self.tr("Valid until"))
        self.error = QLabel()
        self.error.setObjectName("editorError")
        self.error.setWordWrap(True)
        self.error.setProperty("tone", "error")
        self.error.hide()
        form = QFormLayout()
        rows: tuple[tuple[str, QWidget, QWidget], ...] = (
            (self.tr("&Title:"), self.title_edit, self.title_edit),
            (self.tr("&Description:"), self.description_edit, self.description_edit),
            (self.tr("&Keywords:"), self.keywords_edit, self.keywords_edit),
            (self.tr("S&ynonyms:"), self.synonyms.word_edit, self.synonyms),
            (self.tr("&Owner position:"), self.owner.filter, self.owner),
            (self.tr("De&puty:"), self.deputy.search, self.deputy),
            (self.tr("&How-to:"), self.howto.search, self.howto))
        for text, buddy, field in rows:
            label = QLabel(text)
            label.setBuddy(buddy)
            form.addRow(label, field)
        form.addRow(self.tr("Valid:"), self.valid_from)
        form.addRow("", self.valid_to)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName(self.tr("Save the responsibility"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.delete_button: QPushButton | None = None
        if responsibility is not None and stored and replaces is None:
            self.delete_button = self.buttons.addButton(
                self.tr("De&lete…"), QDialogButtonBox.ButtonRole.DestructiveRole)
            self.delete_button.setAccessibleName(self.tr("Delete the responsibility"))
            self.delete_button.clicked.connect(self.delete)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._fill(responsibility)
        for signal in (self.title_edit.textChanged, self.valid_from.changed,
                       self.valid_to.changed, self.description_edit.textChanged,
                       self.keywords_edit.textChanged, self.synonyms.changed,
                       self.owner.changed):
            signal.connect(self._validate)
        self._validate()

    # -- filling -----------------------------------------------------------------------

    def _fill(self, record: p.Responsibility | None) -> None:
        cache = self.ctx.cache
        self.owner.search("")  # own positions first, then the nearest led ones
        if record is None:
            return
        self.title_edit.setText(record.title)
        self.description_edit.setPlainText(record.description)
        self.keywords_edit.setText(", ".join(record.keywords))
        self.synonyms.set_values(record.synonyms)
        self.owner.choose(record.owner_position_id)
        if record.deputy_position_id:
            seat = seat_of(cache, record.deputy_position_id)
            if seat is not None:
                self.deputy.choose(seat.position.id,
                                   seat_label(seat.position, seat.holder, self.tr("vacant")))
        if record.howto_post_id:
            post = get_post(cache, record.howto_post_id)
            if post is not None:
                self.howto.choose(post.id, first_line(post.text))
        self.valid_from.set_value(record.valid_from)
        self.valid_to.set_value(record.valid_to)

    def _find_owners(self, text: str) -> list[tuple[str, str]]:
        """Positions the user may give duties to; with nothing typed, the duty's current
        owner leads the list even when it lies far away (or is no longer theirs)."""
        cache = self.ctx.cache
        positions = find_editable_positions(
            cache, self.ctx.me, text, OWNERS_SHOWN, is_admin=is_admin(cache))
        record = self.responsibility
        if not text and record is not None and all(
                pos.id != record.owner_position_id for pos in positions):
            current = get_position(cache, record.owner_position_id)
            if current is not None:
                positions.insert(0, current)
        holders = get_people(cache, [x.holder_id for x in positions if x.holder_id])
        units: dict[str, p.OrgUnit | None] = {}
        found = []
        for position in positions:
            if position.org_unit_id not in units:
                units[position.org_unit_id] = get_org_unit(cache, position.org_unit_id)
            unit = units[position.org_unit_id]
            label = seat_label(position, holders.get(position.holder_id or ""), self.tr("vacant"))
            found.append((position.id, f"{label} ({unit.name})" if unit else label))
        return found

    def _find_positions(self, text: str) -> list[tuple[str, str]]:
        return [(hit.position.id, seat_label(hit.position, hit.holder, self.tr("vacant")))
                for hit in find_org(self.ctx.cache, text, limit=CHOICES * 2)
                if isinstance(hit, Seat)]

    def _find_howtos(self, text: str) -> list[tuple[str, str]]:
        return [(post.id, first_line(post.text))
                for post in howto_posts(self.ctx.cache, text, CHOICES)]

    # -- checking and saving -----------------------------------------------------------

    def _problem(self) -> str:
        if not self.title_edit.text().strip():
            return self.tr("A responsibility needs a title.")
        if self.owner.chosen() is None:
            if self.owner.filter.text().strip():
                return self.tr("Choose the owner position from the list.")
            return self.tr("You hold no position whose duties you may change.")
        start, end = self.valid_from.value(), self.valid_to.value()
        if start is not None and end is not None and end < start:
            return self.tr("“Until” lies before “From”.")
        return self._too_long()

    def _too_long(self) -> str:
        """The server's caps, told while typing: a write over them could not be queued."""
        over = len(self.description_edit.toPlainText().strip()) - p.MAX_TEXT
        if over > 0:
            return self.tr("The description is %n character(s) too long.", "", over)
        keywords = parse_keywords(self.keywords_edit.text())
        if len(keywords) > p.MAX_TAGS:
            return self.tr("At most %1 keywords, please.").replace("%1", str(p.MAX_TAGS))
        if any(len(word) > p.MAX_SHORT for word in keywords):
            return self.tr("A keyword may have at most %1 characters.").replace(
                "%1", str(p.MAX_SHORT))
        if len(self.synonyms.values()) > p.MAX_SYNONYMS:
            return self.tr("At most %1 synonyms, please.").replace("%1", str(p.MAX_SYNONYMS))
        return ""

    def _validate(self) -> None:
        problem = self._problem()
        self.ok_button.setEnabled(not problem)
        self.error.setText(problem)
        self.error.setVisible(bool(problem) and bool(self.title_edit.text().strip()))

    def write(self) -> p.ResponsibilityWrite:
        return p.ResponsibilityWrite(
            title=self.title_edit.text().strip(),
            description=self.description_edit.toPlainText().strip(),
            keywords=parse_keywords(self.keywords_edit.text()),
            synonyms=writes.tidy_synonyms(self.synonyms.values()),
            owner_position_id=str(self.owner.chosen()),
            deputy_position_id=self.deputy.record_id,
            howto_post_id=self.howto.record_id,
            valid_from=self.valid_from.value(),
            valid_to=self.valid_to.value())

    def _unchanged(self, write: p.ResponsibilityWrite) -> bool:
        record = self.responsibility
        if record is None or self.replaces is not None:
            return False
        return all(getattr(record, name) == getattr(write, name)
                   for name in write.__struct_fields__)

    def save(self) -> None:
        if self._problem():
            self._validate()
            return
        write = self.write()
        if self._unchanged(write):
            self.accept()  # nothing to send: the server would answer with what it has
            return
        record_id = self.responsibility.id if self.responsibility and self.stored else None
        replaces, version = self.replaces, self.version

        def enqueue(cache: Cache) -> outbox.OutboxItem:
            if record_id is None:
                return writes.queue_responsibility(cache, write)
            return writes.queue_responsibility(cache, write, record_id=record_id,
                                               version=version)

        def queue(cache: Cache) -> outbox.OutboxItem:
            if replaces is None:
                return enqueue(cache)
            # The refused item goes in the same transaction its replacement is stored in.
            return writes.replace_failed(cache, replaces, enqueue)

        self._send(queue)

    def delete(self) -> None:
        record = self.responsibility
        if record is not None and confirm_delete(self, record):
            record_id = record.id
            self._send(lambda cache: writes.queue_responsibility_delete(cache, record_id))

    def _send(self, make: Callable[[Cache], object]) -> None:
        if self._sending:
            return  # a double click queues once
        self._sending = True
        self.ok_button.setEnabled(False)

        def refused(error: str) -> None:  # the dialog stays open with what was typed
            self._sending = False
            self.error.setText(error)
            self.error.show()
            self.ok_button.setEnabled(True)

        def queued(_item: object) -> None:
            self._sending = False
            self.accept()

        self.write_op = WriteOp(self.ctx, make, self).success(queued).failure(refused).run()
