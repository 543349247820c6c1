"""Start here: the first screen of a working day, and of a new job.

What is mine (responsibilities), what I took over (the handover digests with the
predecessor's notes), who is around me (team, ten people worth meeting and why), what to
read and what to do (pinned how-tos, the team checklist), and which contacts changed
since someone else took over their job. Unit leads also see the positions they lead,
hand one over, keep the team's checklist and see responsibilities nobody holds.

Everything is read from the cache; ticks and checklist edits are outbox writes laid
over the synced state (marked as waiting), so the screen answers at once, offline too.
Sections are rebuilt only when what they show changed, so a sync never steals focus.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from desktop.context import ViewContext
from desktop.qt import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Slot,
)
from desktop.views.base import View
from desktop.views.common.links import LinkButton
from desktop.views.common.text import first_line, heading, wrapped
from desktop.views.start.digest import DigestWidget
from desktop.views.start.team_lead import LeadSection
from desktop.write_op import WriteOp
from sync import protocol as p
from sync import writes
from sync.cache.read.handover import contact_updates
from sync.cache.read.lead import org_stamp
from sync.cache.read.org import org_units_stamp
from sync.cache.read.people import get_person
from sync.cache.read.start import is_new, start_here
from sync.cache.write import outbox

MAX_TO_MEET = 10
TEAM_COLUMNS = 3
_check_write = msgspec.json.Decoder(p.ChecklistCheckWrite)


def clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif inner is not None:
            clear(inner)


class Section(QGroupBox):
    """A titled block whose content is rebuilt only when its key changes."""

    def __init__(self, title: str, object_name: str) -> None:
        super().__init__(title)
        self.setObjectName(object_name)
        self.outer = QVBoxLayout(self)  # fixed parts (a progress bar) stay above the body
        self.body = QVBoxLayout()
        self.outer.addLayout(self.body)
        self.key: Any = object()

    def needs(self, key: Any) -> bool:
        self.setVisible(key is not None and key != () and key != [])
        if key == self.key:
            return False
        self.key = key
        clear(self.body)
        return True


class ChecklistState:
    """The checklist as it will be once the waiting ticks are sent, oldest first."""

    def __init__(self, queued: list[outbox.OutboxItem], entries: list[Any]) -> None:
        self.done: dict[str, str | None] = {}  # item id -> check id (None: no check)
        self.pending: set[str] = set()
        self.failed: dict[str, str] = {}  # item id -> the server's reason for refusing
        for entry in entries:
            self.done[entry.item.id] = entry.check.id if entry.check else None
        by_check = {check: item for item, check in self.done.items() if check}
        for waiting in queued:
            if not waiting.path.startswith("/api/v1/checklist-checks/"):
                continue
            check_id = waiting.path.rsplit("/", 1)[1]
            if waiting.method == "PUT":
                item_id = _check_write.decode(waiting.body).item_id
                if waiting.state == "failed":  # refused: the synced state stands
                    self.failed[item_id] = waiting.error or ""
                elif item_id in self.done:
                    self.done[item_id] = check_id
                    by_check[check_id] = item_id
                    self.pending.add(item_id)
            elif waiting.method == "DELETE" and check_id in by_check \
                    and waiting.state != "failed":
                item_id = by_check[check_id]
                self.done[item_id] = None
                self.pending.add(item_id)

    def progress(self) -> tuple[int, int]:
        return sum(1 for check in self.done.values() if check), len(self.done)


class StartHereView(View):
    name = "start"

    def __init__(self, ctx: ViewContext) -> None:
        super().__init__(ctx)
        self.greeting = heading("", 1.4)
        self.greeting.setObjectName("greeting")
        self.intro = wrapped("", "startIntro")
        sections = (
            ("updates", self.tr("Contact updates")),
            ("digests", self.tr("Handed over to you")),
            ("responsibilities", self.tr("Your responsibilities")),
            ("team", self.tr("Your team")),
            ("meet", self.tr("People to meet")),
            ("howtos", self.tr("How-tos")),
            ("checklist", self.tr("Your checklist")),
            ("lead", self.tr("Your team: positions you lead")),
        )
        self.sections = {key: Section(title, f"start_{key}") for key, title in sections}
        self.digest_widgets: list[DigestWidget] = []
        self.meet_rows: list[tuple[QPushButton, QLabel]] = []
        self.checks: dict[str, QCheckBox] = {}
        self.progress = QProgressBar()
        self.progress.setObjectName("checklistProgress")
        self.progress.setAccessibleName(self.tr("Checklist progress"))
        self.sections["checklist"].outer.insertWidget(0, self.progress)
        # A lead's way to the handover wizard, at the top: the lead section with its own
        # button comes last on the page, below the fold of the window's first size.
        self.handover_top = QPushButton(self.tr("Hand over a position…"))
        self.handover_top.setObjectName("handoverTopButton")
        self.handover_top.setAccessibleName(self.tr("Hand over a position"))
        self.handover_top.hide()
        top = QHBoxLayout()
        top.addWidget(self.greeting, 1)
        top.addWidget(self.handover_top, 0, Qt.AlignmentFlag.AlignTop)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.intro)
        for section in self.sections.values():
            layout.addWidget(section)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName(self.title())  # a Tab stop: named, not a bare "filler"
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.lead = LeadSection(ctx, self.sections["lead"], self, self.refresh)
        self.handover_top.clicked.connect(self.lead.open_wizard)
        self.stamp: Any = None  # what the shown data was read at: org data, outbox, day

    def title(self) -> str:
        return self.tr("Start here")

    def describe(self) -> dict[str, object]:
        shown = [key for key, section in self.sections.items() if section.isVisibleTo(self)]
        return {"greeting": self.greeting.text(), "sections": shown}

    def refresh(self) -> None:
        """Called after every sync and local write: reads nothing more unless data changed."""
        me = self.ctx.me
        if not me:
            return
        cache = self.ctx.cache
        waiting = outbox.all_items(cache)
        now = dt.datetime.now()
        stamp = (org_stamp(cache), org_units_stamp(cache),
                 [(i.id, i.state, i.error) for i in waiting], now.date(),
                 self.greeting_text_for(now.hour))
        if stamp == self.stamp:
            return
        if get_person(cache, me) is None:  # signed in, the first sync still on its way
            self.greeting.setText(self.tr("Your colleagues and spaces are arriving…"))
            return
        self.stamp = stamp
        start = start_here(cache, me)
        self.greeting.setText(self.greeting_text(start.person, now.hour))
        self._show_intro(start)
        self._show_updates(contact_updates(cache, me))
        self._show_digests([d for d in start.digests
                            if d.handover is not None and d.handover.to_person_id == me])
        self._show_responsibilities(start.responsibilities)
        self._show_team(start)
        self._show_meet(start.to_meet[:MAX_TO_MEET])
        self._show_howtos(start.howtos)
        self._show_checklist(start.checklist, waiting)
        self.lead.refresh(start, waiting)
        self.handover_top.setVisible(self.sections["lead"].isVisibleTo(self))

    def greeting_text_for(self, hour: int) -> str:
        # Before five the day has not begun for anyone: "Good morning" at 01:19 reads odd.
        if 5 <= hour < 11:
            return self.tr("Good morning, %1")
        if hour < 5:
            return self.tr("Good evening, %1")
        if hour < 18:
            return self.tr("Hello, %1")
        return self.tr("Good evening, %1")

    def greeting_text(self, person: p.Person, hour: int) -> str:
        return self.greeting_text_for(hour).replace("%1", person.given_name or person.display_name)

    # -- the person's own sections -------------------------------------------------------

    def _show_intro(self, start: Any) -> None:
        where = start.unit.name if start.unit else ""
        titles = ", ".join(position.title for position in start.positions)
        if start.positions and is_new(self.ctx.cache, start.person.id):
            text = self.tr("Welcome to %1! You started as %2.")
        elif start.positions:
            text = self.tr("%1 · %2")
        else:
            text = ""
        self.intro.setText(text.replace("%1", where).replace("%2", titles))

    def _person_button(self, person: p.Person, layout: QLayout | None,
                       text: str = "") -> QPushButton:
        button = LinkButton(text or person.display_name,
                            self.tr("Open %1").replace("%1", person.display_name), self)
        button.setProperty("person_id", person.id)
        button.clicked.connect(
            lambda _=False, pid=person.id: self.ctx.navigator.navigate("people", pid))
        if layout is not None:
            layout.addWidget(button)
        return button

    def _show_updates(self, updates: list[Any]) -> None:
        section = self.sections["updates"]
        key = [(u.handover.id, u.handover.version) for u in updates]
        if not section.needs(key):
            return
        for update in updates:
            name = update.successor.display_name if update.successor else self.tr("Nobody")
            before = update.predecessor.display_name if update.predecessor else self.tr("vacant")
            text = (self.tr("%1 is now your contact for %2 (successor of %3)")
                    .replace("%1", name).replace("%2", update.position.title)
                    .replace("%3", before))
            if update.successor is not None:
                self._person_button(update.successor, section.body, text)
            else:
                section.body.addWidget(wrapped(text))
            if update.note:
                section.body.addWidget(wrapped(f"“{update.note}”", "contactUpdateNote"))

    def _show_digests(self, digests: list[Any]) -> None:
        section = self.sections["digests"]
        key = [(d.position.id, d.position.version, d.handover.id if d.handover else "",
                len(d.contacts), len(d.responsibilities), len(d.spaces), len(d.howtos))
               for d in digests]
        if not section.needs(key):
            return
        self.digest_widgets = []
        for digest in digests:
            widget = DigestWidget(digest, self.ctx.navigator, self)
            self.digest_widgets.append(widget)
            section.body.addWidget(widget)

    def _show_responsibilities(self, items: list[p.Responsibility]) -> None:
        section = self.sections["responsibilities"]
        if not section.needs([(r.id, r.version) for r in items]):
            return
        for item in items:
            text = f"• {item.title}" + (f" — {item.description}" if item.description else "")
            section.body.addWidget(wrapped(text, "myResponsibility"))
            if item.howto_post_id:
                post_id = item.howto_post_id
                button = LinkButton(self.tr("How-to for %1").replace("%1", item.title),
                                    self.tr("Open the how-to for %1").replace("%1", item.title),
                                    self)
                button.clicked.connect(lambda _=False, pid=post_id:
                                       self.ctx.navigator.navigate("feed", pid))
                section.body.addWidget(button)

    def _show_team(self, start: Any) -> None:
        section = self.sections["team"]
        lead = start.lead
        key = ([lead.id] if lead else []) + [person.id for person in start.team]
        if not section.needs(key):
            return
        grid = QGridLayout()  # a team of twenty fits in a few lines
        buttons = []
        if lead is not None and lead.id != start.person.id:
            buttons.append(self._person_button(
                lead, None, self.tr("%1 (unit lead)").replace("%1", lead.display_name)))
        buttons += [self._person_button(person, None) for person in start.team
                    if lead is None or person.id != lead.id]
        for n, button in enumerate(buttons):
            grid.addWidget(button, n // TEAM_COLUMNS, n % TEAM_COLUMNS,
                           Qt.AlignmentFlag.AlignLeft)
        section.body.addLayout(grid)

    def reason_text(self, item: Any) -> str:
        """Why to meet someone, in words a newcomer understands."""
        if item.reason == "job_contact":
            if item.detail:
                return self.tr("Job contact: “%1”").replace("%1", item.detail)
            return self.tr("Job contact")
        if item.reason == "lead":
            return self.tr("Your unit lead")
        if item.reason == "team":
            return self.tr("In your team")
        return str(item.detail)

    def _show_meet(self, items: list[Any]) -> None:
        section = self.sections["meet"]
        if not section.needs([(m.person.id, m.reason, m.detail) for m in items]):
            return
        self.meet_rows = []
        for item in items:
            row = QHBoxLayout()
            button = self._person_button(item.person, row)
            reason = wrapped(self.reason_text(item), "meetReason")
            row.addWidget(reason, 1)
            section.body.addLayout(row)
            self.meet_rows.append((button, reason))

    def _show_howtos(self, posts: list[p.Post]) -> None:
        section = self.sections["howtos"]
        if not section.needs([(post.id, post.version) for post in posts]):
            return
        for post in posts:
            text = first_line(post.text)
            button = LinkButton(text, self.tr("Open how-to %1").replace("%1", text), self)
            button.clicked.connect(
                lambda _=False, pid=post.id: self.ctx.navigator.navigate("feed", pid))
            section.body.addWidget(button)

    # -- the checklist ---------------------------------------------------------------------

    def _show_checklist(self, entries: list[Any], waiting: list[outbox.OutboxItem]) -> None:
        section = self.sections["checklist"]
        state = ChecklistState(waiting, entries)
        self.checklist_state = state
        done, total = state.progress()
        key = [(e.item.id, e.item.version, state.done[e.item.id], e.item.id in state.pending,
                state.failed.get(e.item.id)) for e in entries]
        focused = next((iid for iid, box in self.checks.items() if box.hasFocus()), None)
        if not section.needs(key):
            return
        self.checks = {}
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("%1 of %2 done").replace("%1", str(done))
                                .replace("%2", str(total)))
        for entry in entries:
            item = entry.item
            box = QCheckBox(item.title)
            box.setAccessibleName(item.title)
            box.setToolTip(item.description)
            box.setChecked(state.done[item.id] is not None)
            if item.id in state.pending:
                box.setText(self.tr("%1 (waiting to be sent)").replace("%1", item.title))
            elif item.id in state.failed:
                box.setText(self.tr("%1 (not saved: %2)").replace("%1", item.title)
                            .replace("%2", state.failed[item.id]))
            box.toggled.connect(lambda checked, iid=item.id: self.on_tick(iid, checked))
            self.checks[item.id] = box
            section.body.addWidget(box)
        if focused in self.checks:  # a keyboard user ticking down the list stays in it
            self.checks[focused].setFocus()

    @Slot(str, bool)
    def on_tick(self, item_id: str, checked: bool) -> None:
        """The box already shows the tick; the worker decides what to send, in outbox order.

        Deciding here on what the screen last read would lose an untick made while the
        tick still waits (there is no check id yet to delete) or delete a check the
        server knows under another device's id.
        """
        box = self.checks.get(item_id)
        if box is not None:
            box.setText(self.tr("%1 (waiting to be sent)").replace("%1", box.accessibleName()))
        done, total = self.progress.value(), self.progress.maximum()
        done = min(total, max(0, done + (1 if checked else -1)))
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("%1 of %2 done").replace("%1", str(done))
                                .replace("%2", str(total)))
        # A tick and untick may cancel out in the outbox: then only this redraws the box.
        self.stamp = None
        self.sections["checklist"].key = object()
        WriteOp(self.ctx, lambda cache: writes.toggle_check(cache, item_id, checked), self).run()
