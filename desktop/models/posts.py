"""PostListModel: the posts of the feed or of one space, newest first, a page at a time;
and the lookups every post card of a list shares (names, what waits in the outbox).

Fetching in pages (canFetchMore/fetchMore) keeps a company-wide feed with years of
posts as quick to open as a new space. The model holds PostItem values, which
include unsent posts from the outbox with their pending/failed state, so the view
never needs to know whether a post has reached the server yet.

refresh() re-reads the rows already shown (after a sync or a local write). When only
some rows changed it says so with dataChanged; when posts came, went or moved, it
resets, and the view keeps its widgets by post id, so a half-written comment survives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import msgspec

from desktop.qt import QAbstractListModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from sync import protocol as p
from sync.cache.db import Cache
from sync.cache.read.people import get_people
from sync.cache.read.posts import (
    PostItem,
    discussable_space_ids,
    list_posts,
)
from sync.cache.write import outbox
from sync.cache.write.outbox import OutboxItem

PAGE_SIZE = 30

PostItemRole = Qt.ItemDataRole.UserRole + 1
PostIdRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


class PostListModel(QAbstractListModel):
    def __init__(self, cache: Cache, space_id: str | None = None,
                 page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self.cache = cache
        self.space_id = space_id
        self.page_size = page_size
        self.items: list[PostItem] = []
        self._more = True

    # -- the list model --------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.post.text
        if role == PostItemRole:
            return item
        if role == PostIdRole:
            return item.post.id
        return None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        page = list_posts(self.cache, self.space_id, len(self.items), self.page_size)
        self._more = len(page) == self.page_size
        known = {item.post.id for item in self.items}
        page = [item for item in page if item.post.id not in known]
        if not page:
            return
        first = len(self.items)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self.items.extend(page)
        self.endInsertRows()

    # -- ours ------------------------------------------------------------------------

    def set_space(self, space_id: str | None) -> None:
        """Show another space (None: every space); starts again with one page."""
        self.beginResetModel()
        self.space_id = space_id
        self.items = []
        self._more = True
        self.endResetModel()
        self.fetchMore()

    def refresh(self) -> None:
        """Re-read as many rows as are shown (at least a page): new posts come in on top."""
        wanted = max(len(self.items), self.page_size)
        fresh = list_posts(self.cache, self.space_id, 0, wanted)
        more = len(fresh) == wanted
        if [i.post.id for i in fresh] == [i.post.id for i in self.items]:
            self._more = more
            for row, (old, new) in enumerate(zip(self.items, fresh, strict=True)):
                if old != new:
                    self.items[row] = new
                    index = self.index(row)
                    self.dataChanged.emit(index, index)
            return
        self.beginResetModel()
        self.items = fresh
        self._more = more
        self.endResetModel()

    def row_of(self, post_id: str) -> int:
        """The row showing post_id, or -1 if it is not loaded."""
        for row, item in enumerate(self.items):
            if item.post.id == post_id:
                return row
        return -1

    def find(self, post_id: str, max_rows: int = 2000) -> int:
        """Load pages until post_id shows up (for "open this post"); -1 if it never does."""
        row = self.row_of(post_id)
        while row < 0 and self._more and len(self.items) < max_rows:
            before = len(self.items)
            self.fetchMore()
            if len(self.items) == before:
                break
            row = self.row_of(post_id)
        return row


class NameBook:
    """Display names by person id, fetched in batches and kept until the next refresh."""

    def __init__(self, cache: Any) -> None:
        self.cache = cache
        self.names: dict[str, str] = {}

    def prefetch(self, person_ids: Iterable[str]) -> None:
        missing = [pid for pid in set(person_ids) if pid and pid not in self.names]
        if missing:
            found = get_people(self.cache, missing)
            for pid in missing:
                person = found.get(pid)
                self.names[pid] = person.display_name if person else ""

    def name(self, person_id: str) -> str:
        self.prefetch([person_id])
        return self.names[person_id] or QCoreApplication.translate("NameBook", "Unknown person")

    def mentions(self, person_ids: Iterable[str]) -> dict[str, str]:
        """display name -> id, for the Markdown renderer's highlighting."""
        ids = list(person_ids)
        self.prefetch(ids)
        return {self.names[pid]: pid for pid in ids if self.names.get(pid)}

    def clear(self) -> None:
        self.names.clear()


@dataclass
class OutboxSnapshot:
    """What the cards of a list share, read once per refresh: what waits in the outbox
    (edits, deletions, reactions by target) and where the user may comment and react
    (members, and everyone on company-wide announcements: the server's rule)."""

    # Record id -> the latest waiting (or refused) write aimed at it. Keyed by the target
    # in the request path, not the item id: edits and deletes have ids of their own.
    by_target: dict[str, OutboxItem] = field(default_factory=dict)
    reactions: dict[str, list[tuple[str, OutboxItem]]] = field(default_factory=dict)
    discuss_in: set[str] = field(default_factory=set)  # space ids

    @classmethod
    def read(cls, cache: Any, me: str | None) -> OutboxSnapshot:
        snap = cls()
        for item in outbox.all_items(cache):
            snap.by_target[item.path.rsplit("/", 1)[-1]] = item
            if item.kind == "reaction":
                try:
                    write = msgspec.json.decode(item.body, type=p.ReactionWrite)
                except msgspec.MsgspecError:
                    continue
                snap.reactions.setdefault(write.target_id, []).append((write.emoji, item))
        snap.discuss_in = discussable_space_ids(cache, me)
        return snap
