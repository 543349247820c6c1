"""PeopleListModel: the directory as a list model that loads itself in batches.

A company of 100,000 must open instantly, so the model holds only the rows the view
has asked for: the first batch on a reset, the next whenever the view scrolls near the
end (Qt calls canFetchMore/fetchMore). The total comes from count_people, so the view
knows when to stop asking. A new search text or filter resets the model; a refresh
after a sync re-reads as many rows as were loaded, so the list does not jump back to
the top under the user's hands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.avatar import avatar
from sync.cache import reader
from sync.cache.db import Cache
from sync.protocol import Person

BATCH_SIZE = 200
AVATAR_SIZE = 36

PersonRole = Qt.ItemDataRole.UserRole + 1
PersonIdRole = Qt.ItemDataRole.UserRole + 2
PositionTitleRole = Qt.ItemDataRole.UserRole + 3
SiteRole = Qt.ItemDataRole.UserRole + 4

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class PeopleFilter:
    query: str = ""
    site: str = ""
    org_unit_id: str = ""


class PeopleListModel(QAbstractListModel):
    def __init__(self, cache: Cache, batch_size: int = BATCH_SIZE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.batch_size = batch_size
        self.filter = PeopleFilter()
        self._people: list[Person] = []
        self._total = 0
        self._titles: dict[str, str] = {}  # position titles, read when a row is shown
        self._loaded = False

    # -- what the view asks ----------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        if parent.isValid():
            return 0
        self._ensure_loaded()
        return len(self._people)

    def total(self) -> int:
        """How many people match the filter, loaded or not."""
        self._ensure_loaded()
        return self._total

    def canFetchMore(self, parent: AnyIndex) -> bool:
        if parent.isValid():
            return False
        self._ensure_loaded()
        return len(self._people) < self._total

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid() or not self.canFetchMore(parent):
            return
        more = self._read(len(self._people), self.batch_size)
        if not more:
            self._total = len(self._people)  # the cache shrank since we counted
            return
        start = len(self._people)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._people.extend(more)
        self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._people):
            return None
        person = self._people[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return person.display_name
        if role == Qt.ItemDataRole.DecorationRole:
            return avatar(person.given_name, person.family_name, person.photo, AVATAR_SIZE)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [person.display_name, self.position_title(person.id), person.site]
            return "\n".join(line for line in lines if line)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [person.display_name, self.position_title(person.id), person.site]
            return ", ".join(part for part in parts if part)
        if role == PersonRole:
            return person
        if role == PersonIdRole:
            return person.id
        if role == PositionTitleRole:
            return self.position_title(person.id)
        if role == SiteRole:
            return person.site
        return None

    # -- what the screen asks --------------------------------------------------------

    def set_filter(self, query: str = "", site: str = "", org_unit_id: str = "") -> None:
        """Show the people matching all given parts; empty parts do not filter."""
        wanted = PeopleFilter(query.strip(), site, org_unit_id)
        if wanted == self.filter and self._loaded:
            return
        self.filter = wanted
        self._reload(self.batch_size)

    def refresh(self) -> None:
        """Re-read after a sync, keeping as many rows as the user had scrolled through."""
        self._reload(max(self.batch_size, len(self._people)))

    def person_at(self, row: int) -> Person | None:
        return self._people[row] if 0 <= row < len(self._people) else None

    def row_of(self, person_id: str, start: int = 0) -> int:
        """The loaded row of a person, or -1 (not matching, or not loaded yet)."""
        for row in range(start, len(self._people)):
            if self._people[row].id == person_id:
                return row
        return -1

    def position_title(self, person_id: str) -> str:
        title = self._titles.get(person_id)
        if title is None:
            position = reader.get_position_of(self.cache, person_id)
            title = self._titles[person_id] = position.title if position else ""
        return title

    # -- reading ---------------------------------------------------------------------

    def _ensure_loaded(self) -> None:
        """The first batch is read when first asked for, not when the model is built."""
        if not self._loaded:
            self._loaded = True
            self._people = self._read(0, self.batch_size)
            self._total = self._count()

    def _reload(self, rows: int) -> None:
        self.beginResetModel()
        self._loaded = True
        self._titles.clear()
        self._people = self._read(0, rows)
        self._total = max(self._count(), len(self._people))
        self.endResetModel()

    def _read(self, offset: int, limit: int) -> list[Person]:
        f = self.filter
        return reader.list_people(self.cache, f.query or None, f.site or None,
                                  f.org_unit_id or None, offset=offset, limit=limit)

    def _count(self) -> int:
        f = self.filter
        return reader.count_people(self.cache, f.query or None, f.site or None,
                                   f.org_unit_id or None)
