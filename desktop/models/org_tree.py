"""OrgTreeModel: the company's units as a tree that reads each branch when it is opened.

A company with thousands of teams must open its org chart at once, so the model reads
only the roots on a reset and a unit's sub-units when the view first expands it (Qt
calls canFetchMore/fetchMore); whether a unit has sub-units at all is read with its
siblings, so the view can draw an expander without reading the branch. index_of()
opens the branches above a unit so search and the chart can select any unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.qt import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from sync.cache.db import Cache
from sync.cache.read.org import unit_children, unit_path, units_with_children
from sync.protocol import OrgUnit

UnitIdRole = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(eq=False, slots=True)
class _Node:
    unit: OrgUnit | None  # None: the invisible root
    parent: _Node | None
    row: int
    expandable: bool
    children: list[_Node] | None = None  # None: not read yet


class OrgTreeModel(QAbstractItemModel):
    """Units as a tree whose branches are read from the cache when first expanded."""

    def __init__(self, cache: Cache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self._root = _Node(None, None, 0, True)

    def _node(self, index: AnyIndex) -> _Node:
        node: _Node = index.internalPointer() if index.isValid() else self._root
        return node

    def _load(self, node: _Node) -> list[_Node]:
        units = unit_children(self.cache, node.unit.id if node.unit else None)
        branching = units_with_children(self.cache, [u.id for u in units])
        return [_Node(u, node, row, u.id in branching) for row, u in enumerate(units)]

    def _children(self, index: AnyIndex) -> list[_Node]:
        node = self._node(index)
        if node is self._root and node.children is None:
            node.children = self._load(node)  # the roots are read at once, the rest lazily
        return node.children or []

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        children = self._children(parent)
        if column != 0 or not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row])

    # Qt's model parent(index) shares its name with QObject.parent(); the stub declares
    # both on the class, so the override cannot match either signature exactly.
    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        up = self._node(index).parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self._children(parent))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        node = self._node(parent)
        return bool(node.children) if node.children is not None else node.expandable

    def canFetchMore(self, parent: AnyIndex) -> bool:
        node = self._node(parent)
        return node.children is None and node.expandable

    def fetchMore(self, parent: AnyIndex) -> None:
        node = self._node(parent)
        if node.children is not None:
            return
        children = self._load(node)
        if not children:
            node.children = []
            return
        self.beginInsertRows(parent, 0, len(children) - 1)
        node.children = children
        self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        unit = self._node(index).unit if index.isValid() else None
        if unit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return unit.name
        if role == UnitIdRole:
            return unit.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return unit.site or unit.name
        return None

    def index_of(self, unit_id: str) -> QModelIndex:
        """The unit's index, reading the branches above it as needed."""
        index = QModelIndex()
        for unit in unit_path(self.cache, unit_id):
            if self.canFetchMore(index):
                self.fetchMore(index)
            node = self._node(index)
            match = next((c for c in node.children or [] if c.unit and c.unit.id == unit.id),
                         None)
            if match is None:
                return QModelIndex()
            index = self.createIndex(match.row, 0, match)
        return index

    def reload(self) -> None:
        self.beginResetModel()
        self._root = _Node(None, None, 0, True)
        self.endResetModel()
