"""PeopleListModel: the directory as a list model that loads itself in batches.

A company of 100,000 must open instantly, so the model reads only the rows the view
has asked for: the first batch on a reset, the next whenever the view scrolls near the
end (Qt calls canFetchMore/fetchMore). The total comes from count_people, so the view
knows when to stop asking. A new search text or filter resets the model; a refresh
after a sync keeps as many rows as were loaded, so the list does not jump back to the
top under the user's hands.

It must also stay small when the user scrolls through all 100,000: a loaded row costs
only its cache row number (8 bytes in an array); what a row shows (a light PersonRow:
name, position title, site; not the full record) is kept for a few recently used
pages and read again, by row number, when a page that fell out is shown again.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.avatar import person_avatar
from desktop.qt import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from sync.cache.db import Cache
from sync.cache.read.people import (
    PersonRow,
    count_people,
    get_person_row,
    get_person_rows,
    get_position_of,
    list_person_numbers,
    list_person_rows,
)
from sync.cache.read.photos import photo_of

BATCH_SIZE = 200
PAGES_KEPT = 12  # pages of rows kept in memory: a few screens either way of the view
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
        self._numbers = array("q")  # the cache row number of every loaded row, in order
        self._pages: OrderedDict[int, list[PersonRow | None]] = OrderedDict()
        self._last_key: tuple[str, int] | None = None  # (sort_key, n) of the last row
        self._total = 0
        self._loaded = False

    # -- what the view asks ----------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        if parent.isValid():
            return 0
        self._ensure_loaded()
        return len(self._numbers)

    def total(self) -> int:
        """How many people match the filter, loaded or not."""
        self._ensure_loaded()
        return self._total

    def canFetchMore(self, parent: AnyIndex) -> bool:
        if parent.isValid():
            return False
        self._ensure_loaded()
        return len(self._numbers) < self._total

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid() or not self.canFetchMore(parent):
            return
        start = len(self._numbers)
        more = self._read(self.batch_size, after=self._last_key)
        if not more:
            self._total = start  # the cache shrank since we counted
            return
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._append(more)
        self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self.person_at(index.row())
        if person is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return person.display_name
        if role == Qt.ItemDataRole.DecorationRole:
            return person_avatar(person.id, person.photo, person.given_name,
                                 person.family_name, self._photo_of(person), AVATAR_SIZE)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(x for x in (person.display_name, person.title, person.site) if x)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(x for x in (person.display_name, person.title, person.site) if x)
        if role == PersonRole:
            return person
        if role == PersonIdRole:
            return person.id
        if role == PositionTitleRole:
            return person.title
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
        self._reload(max(self.batch_size, len(self._numbers)))

    def person_at(self, row: int) -> PersonRow | None:
        """The row's person (name, position title, site), read again if need be."""
        if not 0 <= row < len(self._numbers):
            return None
        page_no, offset = divmod(row, self.batch_size)
        page = self._pages.get(page_no)
        if page is None:
            page = self._read_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def row_of(self, person_id: str, start: int = 0) -> int:
        """The loaded row of a person, or -1 (not matching, or not loaded yet)."""
        found = get_person_row(self.cache, person_id)
        if found is None or start >= len(self._numbers):
            return -1
        try:
            return self._numbers.index(found.n, max(0, start))
        except ValueError:
            return -1

    def kept_rows(self) -> int:
        """How many rows' contents are held in memory now (at most PAGES_KEPT pages)."""
        return sum(len(page) for page in self._pages.values())

    def position_title(self, person_id: str) -> str:
        position = get_position_of(self.cache, person_id)
        return position.title if position else ""

    # -- reading ---------------------------------------------------------------------

    def _ensure_loaded(self) -> None:
        """The first batch is read when first asked for, not when the model is built."""
        if not self._loaded:
            self._loaded = True
            self._replace(self._read(self.batch_size))
            self._total = self._count(len(self._numbers))

    def _reload(self, rows: int) -> None:
        self.beginResetModel()
        self._loaded = True
        first = self._read(self.batch_size)
        self._replace(first)
        if rows > len(first) == self.batch_size:
            # Further rows only by number; their contents are read when shown.
            assert self._last_key is not None
            rest = self._read_numbers(rows - len(first), self._last_key)
            last = get_person_rows(self.cache, rest[-1:]).get(rest[-1]) \
                if rest else None
            if last is not None:
                self._numbers.extend(rest)
                self._last_key = (last.sort_key, last.n)
        self._total = max(self._count(len(first)), len(self._numbers))
        self.endResetModel()

    def _replace(self, first: list[PersonRow]) -> None:
        self._numbers = array("q")
        self._pages.clear()
        self._last_key = None
        self._append(first)

    def _append(self, rows: list[PersonRow]) -> None:
        """Loaded rows go on in whole pages (the batch size), so rows map to pages."""
        if not rows:
            return
        start = len(self._numbers)
        self._numbers.extend(row.n for row in rows)
        self._last_key = (rows[-1].sort_key, rows[-1].n)
        first_page, last_page = start // self.batch_size, (start + len(rows) - 1) // self.batch_size
        for page_no in range(first_page, last_page + 1):
            self._pages.pop(page_no, None)  # a page that grew is read again when shown
        if start % self.batch_size == 0 and len(rows) <= self.batch_size:
            self._keep_page(first_page, list(rows))

    def _keep_page(self, page_no: int, rows: list[PersonRow | None]) -> None:
        self._pages[page_no] = rows
        self._pages.move_to_end(page_no)
        while len(self._pages) > PAGES_KEPT:
            self._pages.popitem(last=False)

    def _read_page(self, page_no: int) -> list[PersonRow | None]:
        """A page that fell out of memory, by row number; someone gone since is None."""
        numbers = self._numbers[page_no * self.batch_size:(page_no + 1) * self.batch_size]
        found = get_person_rows(self.cache, list(numbers))
        page: list[PersonRow | None] = [found.get(n) for n in numbers]
        self._keep_page(page_no, page)
        return page

    def _photo_of(self, person: PersonRow) -> Callable[[], bytes | None]:
        """Photos are large, so a row only names the digest of one; read on demand
        (the avatar is cached, so once per person and photo)."""
        cache, person_id = self.cache, person.id
        return lambda: photo_of(cache, person_id)

    def _read(self, limit: int, after: tuple[str, int] | None = None) -> list[PersonRow]:
        f = self.filter
        return list_person_rows(
            self.cache, f.query or None, f.site or None, f.org_unit_id or None, limit,
            after=after)

    def _read_numbers(self, limit: int, after: tuple[str, int]) -> list[int]:
        f = self.filter
        return list_person_numbers(
            self.cache, f.query or None, f.site or None, f.org_unit_id or None, limit,
            after=after)

    def _count(self, first_batch: int) -> int:
        """A first batch that is not full is everyone: no need to count."""
        if first_batch < self.batch_size:
            return first_batch
        f = self.filter
        return count_people(self.cache, f.query or None, f.site or None,
                                   f.org_unit_id or None)
