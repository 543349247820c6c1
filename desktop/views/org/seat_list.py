"""The org chart as a list: the same seats and sub-units the drawing shows, one row each.

A screen reader sees the drawing as one picture (its boxes are painted items, not
widgets), and some people read a list faster than a chart. Each row says what the box
says, in the drawing's own words: "Teamleitung — Jana Schröder", "Sachbearbeiter/in —
Vacant — Covered by Ute Kraus". Enter on a row does what Enter does on its box: a seat
opens its position's chain, a sub-unit opens that unit; Space opens the holder's card.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from desktop.qt import QCoreApplication, QKeyEvent, QListWidget, QListWidgetItem, Qt, Signal
from sync.cache.read.org import Seat
from sync.protocol import OrgUnit, Person

KindRole = Qt.ItemDataRole.UserRole  # "seat" or "unit"
IdRole = Qt.ItemDataRole.UserRole + 1  # the position's or the unit's id
HolderRole = Qt.ItemDataRole.UserRole + 2  # the holder's person id, "" when vacant
translate = QCoreApplication.translate


def seat_line(seat: Seat, deputy: Person | None) -> str:
    parts = [seat.position.title]
    if seat.holder is None:
        parts.append(translate("OrgScene", "Vacant"))
        if deputy is not None:
            parts.append(translate("OrgScene", "Covered by %1").replace(
                "%1", deputy.display_name))
    else:
        parts.append(seat.holder.display_name)
        if seat.absent and deputy is not None:
            parts.append(translate("OrgScene", "Absent — ask the deputy:") + " "
                         + deputy.display_name)
        elif seat.absent:
            parts.append(translate("OrgScene", "Absent"))
    return " — ".join(parts)


def unit_line(unit: OrgUnit, lead: Seat | None, kind_label: str) -> str:
    led = (lead.holder.display_name if lead is not None and lead.holder
           else translate("OrgScene", "Lead vacant"))
    return f"{unit.name} — {kind_label} · {led}"


class SeatList(QListWidget):
    positionActivated = Signal(str)
    unitActivated = Signal(str)
    personActivated = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("orgSeats")
        self.setWordWrap(True)
        self.itemActivated.connect(self._activate)

    def show_seats(self, seats: Sequence[Seat], deputies: Mapping[str, Person | None],
                   sub_units: Sequence[tuple[OrgUnit, Seat | None, str]] = ()) -> None:
        self.clear()
        for seat in seats:
            item = QListWidgetItem(seat_line(seat, deputies.get(seat.position.id)))
            item.setData(KindRole, "seat")
            item.setData(IdRole, seat.position.id)
            item.setData(HolderRole, seat.holder.id if seat.holder is not None else "")
            self.addItem(item)
        for unit, lead, kind_label in sub_units:
            item = QListWidgetItem(unit_line(unit, lead, kind_label))
            item.setData(KindRole, "unit")
            item.setData(IdRole, unit.id)
            item.setData(HolderRole, "")
            self.addItem(item)
        if self.count():
            self.setCurrentRow(0)

    def rows(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]

    def _activate(self, item: QListWidgetItem) -> None:
        if item.data(KindRole) == "unit":
            self.unitActivated.emit(item.data(IdRole))
        else:
            self.positionActivated.emit(item.data(IdRole))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() == Qt.Key.Key_Space and item is not None and item.data(HolderRole):
            self.personActivated.emit(item.data(HolderRole))
            return
        super().keyPressEvent(event)
