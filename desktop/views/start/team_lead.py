"""The unit lead's part of Start here: positions led, handovers, checklist, gaps.

Kept apart from start_here.py because only leads see it and it writes: handing a
position over (the wizard), keeping the team's onboarding checklist, and being told
which responsibilities nobody holds. Writes are outbox items; until the server has them
they are shown here as waiting (or failed, with the server's reason), so a lead who
works offline sees that nothing was lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from desktop.context import ViewContext
from desktop.qt import QHBoxLayout, QLineEdit, QObject, QPushButton, QWidget, Slot
from desktop.views.common.text import day_text, heading, wrapped
from desktop.views.start.handover_wizard import HandoverWizard, open_handover_wizard
from desktop.write_op import WriteOp
from sync import protocol as p
from sync import writes
from sync.cache.db import Cache
from sync.cache.read.lead import lead_overview
from sync.cache.read.people import get_people, get_person, get_position
from sync.cache.write import outbox

_handover_write = msgspec.json.Decoder(p.HandoverWrite)
_item_write = msgspec.json.Decoder(p.ChecklistItemWrite)
ITEMS_PATH = "/api/v1/checklist-items/"
POSITIONS_SHOWN = 50  # of the own unit; a company lead finds the rest in the wizard
GAPS_SHOWN = 30  # a company lead's gaps can run into hundreds: the first ones, and a count


def team_items(queued: list[outbox.OutboxItem], unit_id: str,
               entries: list[Any]) -> list[tuple[str, p.ChecklistItemWrite, bool]]:
    """The unit's checklist as (item id, content, waiting?) once queued edits are sent."""
    items: dict[str, tuple[p.ChecklistItemWrite, bool]] = {}
    for entry in entries:
        item = entry.item
        if item.org_unit_id == unit_id:
            items[item.id] = (p.ChecklistItemWrite(org_unit_id=unit_id, title=item.title,
                                                   description=item.description,
                                                   rank=item.rank), False)
    for waiting in queued:
        if not waiting.path.startswith(ITEMS_PATH):
            continue
        item_id = waiting.path[len(ITEMS_PATH):]
        if waiting.method == "DELETE":
            items.pop(item_id, None)
            continue
        write = _item_write.decode(waiting.body)
        if write.org_unit_id == unit_id:
            items[item_id] = (write, True)
    ordered = sorted(items.items(), key=lambda kv: (kv[1][0].rank, kv[1][0].title))
    return [(item_id, write, waiting) for item_id, (write, waiting) in ordered]


class LeadSection(QObject):
    """Fills the Start here section "Your team" for someone who leads positions."""

    def __init__(self, ctx: ViewContext, section: Any, parent: QWidget,
                 refresh: Callable[[], None]) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.section = section
        self.parent_widget = parent
        self.refresh_screen = refresh  # Start here again, once a handover is queued
        self.wizard: HandoverWizard | None = None
        self.handover_button: QPushButton | None = None
        self.item_edits: dict[str, QLineEdit] = {}
        self.new_item: QLineEdit | None = None
        self.unit_id: str | None = None
        self.cancel_buttons: dict[str, QPushButton] = {}

    def refresh(self, start: Any, waiting: list[outbox.OutboxItem]) -> None:
        """Only the lead's own unit, the scheduled handovers and a count of the rest.

        A company lead leads every position of the company: listing them all would cost
        seconds and a hundred thousand labels, so the others are found in the wizard.
        """
        me = self.ctx.me
        cache = self.ctx.cache
        if not me:
            self.section.needs(None)
            return
        overview = lead_overview(cache, me)  # walks the led units once
        shown = overview.own_unit_positions[:POSITIONS_SHOWN]
        more = overview.more_count + len(overview.own_unit_positions) - len(shown)
        scheduled = sorted(overview.scheduled, key=lambda h: (h.date, h.id))
        if not shown and not more and not scheduled:
            self.section.needs(None)
            return
        mine = {position.id for position in start.positions}
        unit = start.unit if start.unit and start.unit.lead_position_id in mine else None
        self.unit_id = unit.id if unit else None
        items = team_items(waiting, unit.id, start.checklist) if unit else []
        unowned = overview.unowned
        queued = [i for i in waiting if i.path.startswith("/api/v1/handovers/")]
        key = ([(pos.id, pos.version) for pos in shown], more, items,
               [(h.id, h.version) for h in scheduled],
               [(u.responsibility.id, u.position.id) for u in unowned],
               [(i.id, i.state) for i in queued])
        if not self.section.needs(key):
            return
        body = self.section.body
        people = get_people(cache, [pos.holder_id for pos in shown if pos.holder_id]
                                   + [h.to_person_id for h in scheduled])
        for position in shown:
            holder = people.get(position.holder_id or "")
            name = holder.display_name if holder else self.tr("vacant")
            body.addWidget(wrapped(f"• {position.title} — {name}", "ledPosition"))
        if more:
            body.addWidget(wrapped(
                self.tr("%n more positions in the units below yours: use the handover "
                        "wizard to find one.", "", more), "morePositions"))
        self.cancel_buttons = {}
        for handover in scheduled:
            self._add_scheduled(handover, people)
        self.handover_button = QPushButton(self.tr("&Hand over a position…"))
        self.handover_button.setObjectName("handoverButton")
        self.handover_button.setAccessibleName(self.tr("Hand over a position"))
        self.handover_button.clicked.connect(self.open_wizard)
        body.addWidget(self.handover_button)
        for item in queued:
            body.addWidget(wrapped(self._queued_text(item), "queuedHandover"))
        if unit is not None:
            self._add_checklist_editor(unit, items)
        if unowned:
            body.addWidget(heading(self.tr("Responsibilities without an owner"), 1.0))
        for gap in unowned[:GAPS_SHOWN]:
            where = f" ({gap.unit.name})" if gap.unit else ""
            text = (self.tr("%1: %2 is vacant and has no deputy")
                    .replace("%1", gap.responsibility.title)
                    .replace("%2", gap.position.title + where))
            label = wrapped(f"⚑ {text}", "unownedResponsibility")
            label.setProperty("tone", "warning")
            body.addWidget(label)
        if len(unowned) > GAPS_SHOWN:
            body.addWidget(wrapped(self.tr(
                "%n more responsibilities without an owner: the register in Who does what "
                "lists them all.", "", len(unowned) - GAPS_SHOWN), "moreUnowned"))

    def _add_scheduled(self, handover: p.Handover, people: dict[str, p.Person]) -> None:
        """A scheduled handover can still be called off until its date."""
        position = get_position(self.ctx.cache, handover.position_id)
        title = position.title if position else "?"
        row = QHBoxLayout()
        successor = people.get(handover.to_person_id)
        row.addWidget(wrapped(
            self.tr("%1: handover to %2 scheduled for %3").replace("%1", title)
            .replace("%2", successor.display_name if successor else "?")
            .replace("%3", day_text(handover.date)), "scheduledHandover"), 1)
        cancel = QPushButton(self.tr("Cancel handover"))
        cancel.setAccessibleName(self.tr("Cancel the handover of %1").replace("%1", title))
        handover_id = handover.id
        cancel.clicked.connect(lambda: self._write(
            lambda cache: writes.queue_handover_cancel(cache, handover_id)))
        row.addWidget(cancel)
        self.section.body.addLayout(row)
        self.cancel_buttons[handover.position_id] = cancel

    def _queued_text(self, item: outbox.OutboxItem) -> str:
        if item.method != "PUT":
            text = self.tr("Cancelling a handover: waiting to be sent")
        else:
            write = _handover_write.decode(item.body)
            position = get_position(self.ctx.cache, write.position_id)
            person = get_person(self.ctx.cache, write.to_person_id)
            text = (self.tr("Handover of %1 to %2 on %3: waiting to be sent")
                    .replace("%1", position.title if position else "?")
                    .replace("%2", person.display_name if person else "?")
                    .replace("%3", day_text(write.date)))
        if item.state == "failed":
            text = self.tr("%1 — refused: %2").replace("%1", text.split(":")[0]).replace(
                "%2", item.error or "")
        return text

    @Slot()
    def open_wizard(self) -> HandoverWizard:
        self.wizard = open_handover_wizard(self.ctx, self.parent_widget)
        self.wizard.queued.connect(lambda _pid: self.refresh_screen())
        return self.wizard

    # -- the team checklist editor ---------------------------------------------------------

    def _add_checklist_editor(self, unit: p.OrgUnit, items: list[Any]) -> None:
        body = self.section.body
        body.addWidget(heading(self.tr("Checklist for newcomers in %1").replace("%1", unit.name),
                               1.0))
        self.item_edits = {}
        for n, (item_id, write, waiting) in enumerate(items, 1):
            row = QHBoxLayout()
            edit = QLineEdit(write.title)
            edit.setAccessibleName(self.tr("Checklist item %1").replace("%1", str(n)))
            edit.editingFinished.connect(
                lambda iid=item_id, w=write, e=edit: self.rename(iid, w, e.text()))
            row.addWidget(edit, 1)
            if waiting:
                row.addWidget(wrapped(self.tr("waiting to be sent")))
            remove = QPushButton(self.tr("Remove"))
            remove.setAccessibleName(self.tr("Remove checklist item %1").replace("%1", write.title))
            remove.clicked.connect(lambda _=False, iid=item_id: self.remove(iid))
            row.addWidget(remove)
            body.addLayout(row)
            self.item_edits[item_id] = edit
        row = QHBoxLayout()
        self.new_item = QLineEdit()
        self.new_item.setAccessibleName(self.tr("New checklist item"))
        self.new_item.setPlaceholderText(self.tr("A new item, e.g. Meet your mentor"))
        rank = max((write.rank for _, write, _ in items), default=0) + 1
        self.new_item.returnPressed.connect(lambda: self.add(unit.id, rank))
        add = QPushButton(self.tr("&Add item"))
        add.setAccessibleName(self.tr("Add checklist item"))
        add.clicked.connect(lambda: self.add(unit.id, rank))
        row.addWidget(self.new_item, 1)
        row.addWidget(add)
        body.addLayout(row)

    def add(self, unit_id: str, rank: int) -> None:
        title = self.new_item.text().strip() if self.new_item else ""
        if not title:
            return
        write = p.ChecklistItemWrite(org_unit_id=unit_id, title=title, rank=rank)
        self._write(lambda cache: writes.queue_checklist_item(cache, write))

    def rename(self, item_id: str, write: p.ChecklistItemWrite, title: str) -> None:
        title = title.strip()
        if not title or title == write.title:
            return
        changed = msgspec.structs.replace(write, title=title)
        self._write(lambda cache: writes.queue_checklist_item(cache, changed, record_id=item_id))

    def remove(self, item_id: str) -> None:
        self._write(lambda cache: writes.queue_checklist_item_delete(cache, item_id))

    def _write(self, write: Callable[[Cache], object]) -> None:
        """Shown as waiting once queued: the outbox change refreshes Start here."""
        WriteOp(self.ctx, write, self.parent_widget).run()
