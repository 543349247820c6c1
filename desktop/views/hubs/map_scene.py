"""The organisation as a network picture: units as clusters, links by strength, hubs.

Units are grouped by the top-level unit they belong to: each group is a cluster on a
big circle, its units on a small circle around the cluster's centre. A line joins two
units that talked in the window, thicker and darker the stronger the link (band 1..5).
A unit with hubs gets an orange ring and one dot per hub, named hubs with their name.
A unit cut off from all others is drawn with a red dashed outline, one cut off from a
neighbour with a thin red one (its tooltip names them). A company of more than
MAX_NODES units is drawn by the parts of the organisation that hold them (department
rather than team), so the picture stays readable and opens quickly. Everything comes
from the cache (HubView), so the picture works offline.

Labels never overlap each other, a unit or a hub's dot (place_labels): cluster titles
first, then the names of hubs, then the units with hubs, then the others by how many
links they have; each label takes the first free spot around its unit or dot, the
spot facing away from its cluster first. A label that finds none is left out; its
unit's or dot's tooltip still names it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from desktop.qt import (
    QBrush,
    QColor,
    QCoreApplication,
    QFont,
    QGraphicsEllipseItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QObject,
    QPainter,
    QPainterPath,
    QPen,
    QPointF,
    QRectF,
    Qt,
    QWheelEvent,
)
from sync.cache.read.hubs import HubView
from sync.protocol import HubUnit

NODE_R = 16.0
HUB_COLOR = QColor("#c65d00")
LINK_COLOR = QColor("#1a5fb4")
CUT_COLOR = QColor("#c01c28")
INK = QColor("#222222")
PAPER = QColor("#ffffff")
MIN_SCALE, MAX_SCALE, ZOOM_STEP = 0.05, 4.0, 1.25
MAX_NODES = 250  # more units than this are drawn grouped (group_units)
GRID = 64.0  # cell size of the index place_labels looks up free spots in
PAD = 3.0  # room kept around a placed label, so no two touch even at a small zoom

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in scene coordinates


def _tr(text: str) -> str:
    return QCoreApplication.translate("HubsView", text)


def _cluster_of(unit: str, parents: dict[str, str | None]) -> str:
    """The unit's ancestor just below the top (the unit itself if it is at the top)."""
    chain = [unit]
    current = parents.get(unit)
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain[-2] if len(chain) >= 2 else chain[-1]


@dataclass
class _Label:
    item: QGraphicsSimpleTextItem
    rank: tuple[int, int, str]  # placed in this order: lower first
    spots: list[QPointF]  # top-left corners to try, preferred first
    owner: object = None  # the item it labels, which it may touch


def _spots(centre: QPointF, gap: float, width: float, height: float,
           away: QPointF) -> list[QPointF]:
    """Top-left corners of a label of this size around a circle of radius `gap`, the
    ones facing `away` (a direction) first."""
    x, y = centre.x(), centre.y()
    d = gap * 0.75
    spots = [
        (QPointF(x - width / 2, y + gap), (0.0, 1.0)),  # below
        (QPointF(x - width / 2, y - gap - height), (0.0, -1.0)),  # above
        (QPointF(x + gap, y - height / 2), (1.0, 0.0)),  # right
        (QPointF(x - gap - width, y - height / 2), (-1.0, 0.0)),  # left
        (QPointF(x + d, y + d), (0.7, 0.7)),
        (QPointF(x - d - width, y + d), (-0.7, 0.7)),
        (QPointF(x + d, y - d - height), (0.7, -0.7)),
        (QPointF(x - d - width, y - d - height), (-0.7, -0.7)),
    ]
    spots.sort(key=lambda s: -(s[1][0] * away.x() + s[1][1] * away.y()))
    return [spot for spot, _ in spots]


class _Boxes:
    """Boxes already taken, indexed by grid cell."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[Box, object]]] = defaultdict(list)

    @staticmethod
    def _cells(box: Box) -> list[tuple[int, int]]:
        return [(i, j) for i in range(int(box[0] // GRID), int(box[2] // GRID) + 1)
                for j in range(int(box[1] // GRID), int(box[3] // GRID) + 1)]

    def add(self, box: Box, owner: object = None) -> None:
        for cell in self._cells(box):
            self.cells[cell].append((box, owner))

    def free(self, box: Box, owner: object) -> bool:
        for cell in self._cells(box):
            for other, other_owner in self.cells.get(cell, ()):
                if (owner is None or other_owner is not owner) and (
                        box[0] < other[2] and other[0] < box[2]
                        and box[1] < other[3] and other[1] < box[3]):
                    return False
        return True


def _box(rect: QRectF) -> Box:
    return (rect.left(), rect.top(), rect.right(), rect.bottom())


class UnitNode(QGraphicsEllipseItem):
    def __init__(self, unit_id: str, name: str, centre: QPointF) -> None:
        super().__init__(centre.x() - NODE_R, centre.y() - NODE_R, 2 * NODE_R, 2 * NODE_R)
        self.unit_id = unit_id
        self.name = name
        self.centre = centre
        self.hub_count = 0
        self.isolated = False
        self.cut_off: list[str] = []
        self.setBrush(QBrush(QColor("#f2f2f2")))
        self.setPen(QPen(INK, 1.0))
        self.setZValue(2)


@dataclass
class _Node:
    """One node of the picture: a unit, or a part of the organisation holding several."""

    members: list[HubUnit] = field(default_factory=list)
    hubs: list[str] = field(default_factory=list)  # names; "" for an unnamed colleague
    links: dict[str, int] = field(default_factory=dict)  # other node -> strongest band


def _chain(unit: str, parents: dict[str, str | None]) -> list[str]:
    """The unit and its ancestors, top first."""
    chain = [unit]
    current = parents.get(unit)
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain[::-1]


def group_units(view: HubView, max_nodes: int) -> dict[str, str]:
    """Unit -> the node it is drawn in: itself when there are at most max_nodes units,
    else its ancestor at the deepest level of the tree that still gives at most
    max_nodes nodes (a big company is drawn by department, not by team)."""
    chains = {u.unit_id: _chain(u.unit_id, view.unit_parent) for u in view.units}
    if len(chains) <= max_nodes:
        return {u: u for u in chains}
    best = {u: c[0] for u, c in chains.items()}
    for depth in range(1, max((len(c) for c in chains.values()), default=1)):
        grouped = {u: c[min(depth, len(c) - 1)] for u, c in chains.items()}
        if len(set(grouped.values())) > max_nodes:
            break
        best = grouped
    return best


class HubMapScene(QGraphicsScene):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The map is drawn in ink on paper, as it is exported: without a background of
        # its own it showed the window's, and in the dark scheme its black labels sat
        # on dark grey.
        self.setBackgroundBrush(QBrush(PAPER))
        self.nodes: dict[str, UnitNode] = {}
        self.grouped = False  # True when nodes stand for parts of the organisation
        self.labels: list[QGraphicsSimpleTextItem] = []  # every label, shown or left out
        self._pending: list[_Label] = []
        self._cluster_centre: dict[str, QPointF] = {}
        self._dots: list[QGraphicsEllipseItem] = []

    def show_view(self, view: HubView, highlight: str | None = None) -> None:
        # Python's references go before Qt deletes the items they point to.
        self.nodes = {}
        self.labels = []
        self._pending = []
        self._cluster_centre = {}
        self._dots = []
        self.clear()
        names = view.unit_names
        node_of = group_units(view, MAX_NODES)
        self.grouped = any(unit != node for unit, node in node_of.items())
        nodes: dict[str, _Node] = defaultdict(_Node)
        for unit in view.units:
            node = nodes[node_of[unit.unit_id]]
            node.members.append(unit)
            for link in unit.links:
                other = node_of.get(link.unit_id)
                if other is not None and other != node_of[unit.unit_id]:
                    node.links[other] = max(node.links.get(other, 0), link.strength)
        for row in view.hubs:
            target = node_of.get(row.hub.unit_id)
            if target is not None:
                nodes[target].hubs.append(row.person.display_name if row.person else "")
        if not nodes:
            self.setSceneRect(QRectF(0, 0, 400, 100))
            return
        clusters: dict[str, list[str]] = defaultdict(list)
        for node_id in nodes:
            clusters[_cluster_of(node_id, view.unit_parent)].append(node_id)
        order = sorted(clusters, key=lambda c: names.get(c, ""))
        biggest = max(len(members) for members in clusters.values())
        small_r = max(40.0, biggest * (2 * NODE_R + 14) / (2 * math.pi))
        big_r = max(small_r * 1.5,
                    len(order) * (2 * small_r + 80) / (2 * math.pi)) if len(order) > 1 else 0
        label_font = QFont()
        label_font.setBold(True)
        for c, cluster in enumerate(order):
            angle = 2 * math.pi * c / len(order)
            cx, cy = big_r * math.cos(angle), big_r * math.sin(angle)
            title = self.addSimpleText(names.get(cluster, ""), label_font)
            size = title.boundingRect()
            top = cy - small_r - NODE_R - 34 if len(clusters[cluster]) > 1 else cy - 60
            self._pending.append(_Label(title, (0, 0, names.get(cluster, "")), [
                QPointF(cx - size.width() / 2, top + dy) for dy in (0, -18, -36, 18)]))
            members = sorted(clusters[cluster], key=lambda n: names.get(n, ""))
            for m, node_id in enumerate(members):
                a = 2 * math.pi * m / len(members)
                r = small_r if len(members) > 1 else 0.0
                item = UnitNode(node_id, names.get(node_id, ""),
                                QPointF(cx + r * math.cos(a), cy + r * math.sin(a)))
                self.addItem(item)
                self.nodes[node_id] = item
                self._cluster_centre[node_id] = QPointF(cx, cy)
        self._draw_links(nodes)
        self._mark_units(nodes, names)
        self._draw_hubs(nodes, highlight)
        for node_id, node in nodes.items():
            item = self.nodes[node_id]
            label = self.addSimpleText(item.name)
            label.setZValue(2)
            size = label.boundingRect()
            gap = NODE_R + (13 if node.hubs else 3)
            self._pending.append(_Label(
                label, (2 if node.hubs else 3, -len(node.links), item.name),
                _spots(item.centre, gap, size.width(), size.height(),
                       self._away(item.centre, self._cluster_centre[node_id])), item))
        self.place_labels()
        self.setSceneRect(self.itemsBoundingRect().adjusted(-40, -40, 40, 40))

    @staticmethod
    def _away(point: QPointF, centre: QPointF) -> QPointF:
        dx, dy = point.x() - centre.x(), point.y() - centre.y()
        length = math.hypot(dx, dy)
        return QPointF(dx / length, dy / length) if length > 0 else QPointF(0.0, 1.0)

    def place_labels(self) -> None:
        """Each label at its first free spot, in order of rank; the others hidden."""
        taken = _Boxes()
        for node in self.nodes.values():
            taken.add(_box(node.sceneBoundingRect()), node)
        for dot in self._dots:
            taken.add(_box(dot.sceneBoundingRect()), dot)
        for label in sorted(self._pending, key=lambda lb: lb.rank):
            size = label.item.boundingRect()
            label.item.setVisible(False)
            for spot in label.spots:
                box = (spot.x(), spot.y(), spot.x() + size.width(), spot.y() + size.height())
                if taken.free(box, label.owner):
                    label.item.setPos(spot)
                    label.item.setVisible(True)
                    taken.add((box[0] - PAD, box[1] - PAD, box[2] + PAD, box[3] + PAD))
                    break
            self.labels.append(label.item)
        self._pending = []

    def _draw_links(self, nodes: dict[str, _Node]) -> None:
        paths = {band: QPainterPath() for band in range(1, 6)}
        for node_id, node in nodes.items():
            a = self.nodes[node_id]
            for other, band in node.links.items():
                b = self.nodes.get(other)
                if b is None or node_id > other:
                    continue  # each link once
                paths[band].moveTo(a.centre)
                paths[band].lineTo(b.centre)
        for band, path in paths.items():
            if path.isEmpty():
                continue
            color = QColor(LINK_COLOR)
            color.setAlpha(40 + 40 * band)
            item = QGraphicsPathItem(path)
            item.setPen(QPen(color, 0.6 * band))
            item.setZValue(1)
            self.addItem(item)

    def _mark_units(self, nodes: dict[str, _Node], names: dict[str, str]) -> None:
        for node_id, node in nodes.items():
            item = self.nodes[node_id]
            tip = [item.name]
            if len(node.members) > 1 or node.members[0].unit_id != node_id:
                tip.append(_tr("%1 units").replace("%1", str(len(node.members))))
            item.isolated = all(u.isolated for u in node.members)
            gaps = [u for u in node.members if u.cut_off_from or u.isolated]
            if item.isolated:
                item.setPen(QPen(CUT_COLOR, 3.0, Qt.PenStyle.DashLine))
                tip.append(_tr("Cut off: no contact with any other unit"))
            elif len(node.members) == 1 and gaps:
                unit = node.members[0]
                item.cut_off = [names.get(u, "?") for u in unit.cut_off_from]
                item.setPen(QPen(CUT_COLOR, 1.5))
                more = unit.cut_off_count - len(unit.cut_off_from)
                tip.append(_tr("No contact with: %1").replace(
                    "%1", ", ".join(item.cut_off) + (f" (+{more})" if more > 0 else "")))
            elif gaps:
                item.cut_off = [names.get(u.unit_id, "?") for u in gaps]
                item.setPen(QPen(CUT_COLOR, 1.5))
                tip.append(_tr("%1 of its units lack contact with a neighbour").replace(
                    "%1", str(len(gaps))))
            item.setToolTip("\n".join(tip))

    def _draw_hubs(self, nodes: dict[str, _Node], highlight: str | None) -> None:
        bold = QFont()
        bold.setBold(True)
        for node_id, node in nodes.items():
            if not node.hubs:
                continue
            item = self.nodes[node_id]
            item.hub_count = len(node.hubs)
            item.setBrush(QBrush(QColor("#ffe8cc")))
            if not item.isolated:
                item.setPen(QPen(HUB_COLOR, 4.0 if node_id == highlight else 2.5))
            shown = node.hubs[:12]  # a part of a big company: its first dozen, named first
            shown.sort(key=lambda name: name == "")
            for n, name in enumerate(shown):
                a = 2 * math.pi * n / len(shown) - math.pi / 2
                x = item.centre.x() + (NODE_R + 7) * math.cos(a)
                y = item.centre.y() + (NODE_R + 7) * math.sin(a)
                dot = self.addEllipse(x - 4, y - 4, 8, 8, QPen(HUB_COLOR), QBrush(HUB_COLOR))
                dot.setZValue(3)
                self._dots.append(dot)
                if name:
                    dot.setToolTip(name)
                    text = self.addSimpleText(name, bold)
                    text.setBrush(QBrush(HUB_COLOR))
                    text.setZValue(3)
                    size = text.boundingRect()
                    self._pending.append(_Label(
                        text, (1, 0, name),
                        _spots(QPointF(x, y), 6, size.width(), size.height(),
                               self._away(QPointF(x, y), item.centre)), dot))


class HubMapView(QGraphicsView):
    """Zoom with Ctrl+wheel or the screen's buttons; fit() shows the whole map."""

    def __init__(self, scene: QGraphicsScene) -> None:
        super().__init__(scene)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)

    def scale_factor(self) -> float:
        return float(self.transform().m11())

    def zoom(self, factor: float) -> None:
        target = min(MAX_SCALE, max(MIN_SCALE, self.scale_factor() * factor))
        self.scale(target / self.scale_factor(), target / self.scale_factor())

    def fit(self) -> None:
        self.resetTransform()
        rect = self.scene().sceneRect()
        if rect.width() > 0 and rect.height() > 0:
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)
