"""The organisation as a network picture: units as clusters, links by strength, hubs.

Units are grouped by the top-level unit they belong to: each group is a cluster on a
big circle, its units on a small circle around the cluster's centre. A line joins two
units that talked in the window, thicker and darker the stronger the link (band 1..5).
A unit with hubs gets an orange ring and one dot per hub, named hubs with their name.
A unit cut off from all others is drawn with a red dashed outline, one cut off from a
neighbour with a thin red one (its tooltip names them). Everything comes from the
cache (HubView), so the picture works offline.
"""

from __future__ import annotations

import math
from collections import defaultdict

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
    QPainter,
    QPainterPath,
    QPen,
    QPointF,
    QRectF,
    Qt,
    QWheelEvent,
)
from sync.cache.read.hubs import HubView

NODE_R = 16.0
HUB_COLOR = QColor("#c65d00")
LINK_COLOR = QColor("#1a5fb4")
CUT_COLOR = QColor("#c01c28")
INK = QColor("#222222")
MIN_SCALE, MAX_SCALE, ZOOM_STEP = 0.05, 4.0, 1.25


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


class HubMapScene(QGraphicsScene):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.nodes: dict[str, UnitNode] = {}

    def show_view(self, view: HubView, highlight: str | None = None) -> None:
        self.clear()
        self.nodes = {}
        names = view.unit_names
        parents = view.unit_parent
        units = sorted(view.units, key=lambda u: names.get(u.unit_id, ""))
        if not units:
            self.setSceneRect(QRectF(0, 0, 400, 100))
            return
        clusters: dict[str, list[str]] = defaultdict(list)
        for unit in units:
            clusters[_cluster_of(unit.unit_id, parents)].append(unit.unit_id)
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
            title.setPos(cx - title.boundingRect().width() / 2, cy - small_r - NODE_R - 34)
            members = clusters[cluster]
            for m, unit_id in enumerate(members):
                a = 2 * math.pi * m / len(members)
                r = small_r if len(members) > 1 else 0.0
                node = UnitNode(unit_id, names.get(unit_id, ""),
                                QPointF(cx + r * math.cos(a), cy + r * math.sin(a)))
                self.addItem(node)
                self.nodes[unit_id] = node
                label = QGraphicsSimpleTextItem(node.name, node)
                label.setPos(node.centre.x() - label.boundingRect().width() / 2,
                             node.centre.y() + NODE_R + 2)
        self._draw_links(view)
        self._mark_units(view)
        self._draw_hubs(view, highlight)
        self.setSceneRect(self.itemsBoundingRect().adjusted(-40, -40, 40, 40))

    def _draw_links(self, view: HubView) -> None:
        paths = {band: QPainterPath() for band in range(1, 6)}
        for unit in view.units:
            a = self.nodes.get(unit.unit_id)
            for link in unit.links:
                b = self.nodes.get(link.unit_id)
                if a is None or b is None or unit.unit_id > link.unit_id:
                    continue  # each link once
                paths[link.strength].moveTo(a.centre)
                paths[link.strength].lineTo(b.centre)
        for band, path in paths.items():
            if path.isEmpty():
                continue
            color = QColor(LINK_COLOR)
            color.setAlpha(40 + 40 * band)
            item = QGraphicsPathItem(path)
            item.setPen(QPen(color, 0.6 * band))
            item.setZValue(1)
            self.addItem(item)

    def _mark_units(self, view: HubView) -> None:
        for unit in view.units:
            node = self.nodes.get(unit.unit_id)
            if node is None:
                continue
            node.isolated = unit.isolated
            node.cut_off = [view.unit_names.get(u, "?") for u in unit.cut_off_from]
            tip = [node.name]
            if unit.isolated:
                node.setPen(QPen(CUT_COLOR, 3.0, Qt.PenStyle.DashLine))
                tip.append(_tr("Cut off: no contact with any other unit"))
            elif unit.cut_off_from:
                node.setPen(QPen(CUT_COLOR, 1.5))
                tip.append(_tr("No contact with: %1").replace("%1", ", ".join(node.cut_off)))
            node.setToolTip("\n".join(tip))

    def _draw_hubs(self, view: HubView, highlight: str | None) -> None:
        per_unit: dict[str, list[str]] = defaultdict(list)
        for row in view.hubs:
            per_unit[row.hub.unit_id].append(
                row.person.display_name if row.person else "")
        bold = QFont()
        bold.setBold(True)
        for unit_id, people in per_unit.items():
            node = self.nodes.get(unit_id)
            if node is None:
                continue
            node.hub_count = len(people)
            node.setBrush(QBrush(QColor("#ffe8cc")))
            ring = QPen(HUB_COLOR, 4.0 if unit_id == highlight else 2.5)
            if not node.isolated:
                node.setPen(ring)
            for n, name in enumerate(people):
                a = 2 * math.pi * n / max(1, len(people)) - math.pi / 2
                x = node.centre.x() + (NODE_R + 7) * math.cos(a)
                y = node.centre.y() + (NODE_R + 7) * math.sin(a)
                dot = self.addEllipse(x - 4, y - 4, 8, 8, QPen(HUB_COLOR), QBrush(HUB_COLOR))
                dot.setZValue(3)
                if name:
                    text = self.addSimpleText(name, bold)
                    text.setBrush(QBrush(HUB_COLOR))
                    text.setPos(x + 6, y - 8)
                    text.setZValue(3)


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
