"""The org chart drawn as a QGraphicsScene: seat boxes, sub-unit boxes, the lines between.

A scene (not a widget tree) because a chart is a picture: it zooms, scrolls, and the
same scene renders into a PNG, a PDF or a printer page unchanged (org_export.py). The
scene only draws what the screen has already read from the cache; it never reads itself,
so it can be built from any list of seats.

Vacancies must stand out at a glance (a dashed grey box saying "Vacant"), and an absent
holder must not be mistaken for a reachable one (an orange frame naming the deputy).
Boxes are focusable: arrow keys move between them, Enter acts as a click (a seat shows
its chain of command, a sub-unit is entered), Space opens the holder's card; Ctrl+plus,
Ctrl+minus (or Ctrl+wheel) zoom and Ctrl+0 fits the chart to the width again.

A row holds as many boxes as the view's width takes at the smallest legible scale (up
to MAX_COLUMNS): at 1280x800 the chart fits without scrolling sideways, and on a wide
monitor four seats stand side by side. The view sets the count; the scene lays the
same seats out again when it changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from desktop.qt import (
    QBrush,
    QColor,
    QCoreApplication,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QKeyEvent,
    QObject,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPointF,
    QResizeEvent,
    Qt,
    QWheelEvent,
    Signal,
)
from sync.cache.read.org import Seat
from sync.protocol import OrgUnit, Person

BOX_W, BOX_H, UNIT_H = 260.0, 110.0, 58.0
FACE = 32  # the holder's avatar on a seat
H_GAP, V_GAP = 22.0, 46.0
MAX_COLUMNS = 4
PAD = 10.0
MIN_SCALE, MAX_SCALE, ZOOM_STEP = 0.5, 3.0, 1.25
MIN_TEXT_PX = 9.0  # fitting to the width never shrinks the chart's text below this
TITLE_LINE = 16.0  # the second line of a title that does not fit on one
MARGIN = 24.0

INK = QColor("#222222")
LINK = QColor("#1a5fb4")
MUTED = QColor("#6b6b6b")
WARN = QColor("#b35900")
LINE = QColor("#8a8a8a")
PAPER = QColor("#ffffff")

translate = QCoreApplication.translate


def _elided(text: str, font: QFont, width: float) -> str:
    return QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, int(width))


def _two_lines(text: str, font: QFont, width: float) -> str:
    """A title on one line, or broken between words onto two ("Sachbearbeiter/in
    Vertriebsinnendienst"), elided only when even two lines cannot hold it."""
    metrics = QFontMetrics(font)
    if metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split(" ")
    first = words[0]
    for count in range(1, len(words)):
        candidate = " ".join(words[:count + 1])
        if metrics.horizontalAdvance(candidate) > width:
            break
        first = candidate
    rest = text[len(first):].strip()
    if not rest:  # one long word
        return _elided(text, font, width)
    return _elided(first, font, width) + "\n" + _elided(rest, font, width)


def row_width(columns: int) -> float:
    """The width of a chart whose widest row holds `columns` boxes, margins included."""
    return columns * BOX_W + (columns - 1) * H_GAP + 2 * MARGIN


def columns_for(width: float, scale: float) -> int:
    """The most boxes per row (1 to MAX_COLUMNS) that fit `width` pixels at `scale`."""
    fitting = [n for n in range(1, MAX_COLUMNS + 1) if row_width(n) * scale <= width]
    return max(fitting, default=1)


def min_fit_scale(font: QFont) -> float:
    """The smallest scale at which the chart's text stays at MIN_TEXT_PX."""
    pixels = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96 / 72
    return max(MIN_SCALE, min(1.0, MIN_TEXT_PX / max(pixels, 1.0)))


class ChartItem(QGraphicsRectItem):
    """A focusable box; activate() is what a click (seat) or double-click (unit) does."""

    def __init__(self, height: float) -> None:
        super().__init__(0, 0, BOX_W, height)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self._pen = QPen(INK, 1.2)
        self.lines: list[QGraphicsSimpleTextItem] = []

    def add_line(self, text: str, y: float, *, bold: bool = False, italic: bool = False,
                 color: QColor = INK, cls: type[QGraphicsSimpleTextItem] | None = None,
                 wrap: bool = False) -> QGraphicsSimpleTextItem:
        item = (cls or QGraphicsSimpleTextItem)(self)
        font = QFont(item.font())
        font.setBold(bold)
        font.setItalic(italic)
        item.setFont(font)
        shown = (_two_lines if wrap else _elided)(text, font, BOX_W - 2 * PAD)
        item.setText(shown)
        if shown.replace("\n", " ") != text:
            item.setToolTip(text)
        item.setBrush(QBrush(color))
        item.setPos(PAD, y)
        self.lines.append(item)
        return item

    def texts(self) -> list[str]:
        return [line.text() for line in self.lines]

    def activate(self) -> None:
        raise NotImplementedError

    def open_person(self) -> None:
        """Space on a box: the holder's card, where there is one."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.setPen(QPen(LINK, 3.0))
        self.ensureVisible()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.setPen(self._pen)

    def set_frame(self, pen: QPen, brush: QColor) -> None:
        self._pen = pen
        self.setPen(pen)
        self.setBrush(QBrush(brush))


class HolderLink(QGraphicsSimpleTextItem):
    """The holder's name on a seat: a click opens their person card."""

    person_id = ""

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.scene()
        if isinstance(scene, OrgScene) and self.contains(event.pos()):
            scene.personActivated.emit(self.person_id)


class SeatItem(ChartItem):
    def __init__(self, seat: Seat, deputy: Person | None, *, current: bool = False,
                 face: QPixmap | None = None) -> None:
        super().__init__(BOX_H)
        self.seat = seat
        self.holder_link: HolderLink | None = None
        position, holder = seat.position, seat.holder
        title = self.add_line(position.title, PAD, bold=True, wrap=True)
        self.setToolTip(position.title)
        # Everything below the title moves down by a line when the title needs two.
        below = PAD + (TITLE_LINE if "\n" in title.text() else 0.0)
        if holder is None:
            self.add_line(translate("OrgScene", "Vacant"), below + 22, italic=True, color=MUTED)
            if deputy is not None:
                covered = translate("OrgScene", "Covered by %1")
                self.add_line(covered.replace("%1", deputy.display_name), below + 42,
                              color=MUTED)
            pen = QPen(MUTED, 1.4, Qt.PenStyle.DashLine)
            self.set_frame(pen, QColor("#f2f2f2"))
        else:
            link = self.add_line(holder.display_name, below + 22, color=LINK, cls=HolderLink)
            assert isinstance(link, HolderLink)
            link.person_id = holder.id
            link.setCursor(Qt.CursorShape.PointingHandCursor)
            link.setToolTip(
                translate("OrgScene", "Open %1's card").replace("%1", holder.display_name))
            font = link.font()
            font.setUnderline(True)
            link.setFont(font)
            self.holder_link = link
            if face is not None:  # the holder's photo (or initials), bottom right
                picture = QGraphicsPixmapItem(face, self)
                picture.setPos(BOX_W - PAD - FACE, BOX_H - PAD - FACE)
                picture.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            if seat.absent:
                if deputy is None:
                    self.add_line(translate("OrgScene", "Absent"), below + 42, color=WARN,
                                  bold=True)
                else:
                    self.add_line(translate("OrgScene", "Absent — ask the deputy:"),
                                  below + 42, color=WARN, bold=True)
                    self.add_line(deputy.display_name, below + 62, color=WARN)
                self.set_frame(QPen(WARN, 2.0), QColor("#fff4e5"))
            else:
                self.set_frame(QPen(INK, 1.2), PAPER)
        if current:
            self.set_frame(QPen(LINK, 2.4), QColor("#e8f0fb"))

    def activate(self) -> None:
        scene = self.scene()
        if isinstance(scene, OrgScene):
            scene.positionActivated.emit(self.seat.position.id)

    def open_person(self) -> None:
        scene = self.scene()
        if isinstance(scene, OrgScene) and self.seat.holder is not None:
            scene.personActivated.emit(self.seat.holder.id)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.activate()

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()  # so the release comes here
        self.setFocus()


class UnitItem(ChartItem):
    """A sub-unit: its name and who leads it; a double-click (or Enter) enters it."""

    def __init__(self, unit: OrgUnit, lead: Seat | None, kind_label: str) -> None:
        super().__init__(UNIT_H)
        self.unit = unit
        self.add_line(unit.name, PAD, bold=True)
        vacant = translate("OrgScene", "Lead vacant")
        led = lead.holder.display_name if lead is not None and lead.holder else vacant
        self.add_line(f"{kind_label} · {led}", PAD + 22, color=MUTED)
        self.setToolTip(
            translate("OrgScene", "Double-click to open %1").replace("%1", unit.name))
        self.set_frame(QPen(INK, 1.2), QColor("#f7f5ee"))

    def activate(self) -> None:
        scene = self.scene()
        if isinstance(scene, OrgScene):
            scene.unitActivated.emit(self.unit.id)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()
        self.setFocus()

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.activate()


class OrgScene(QGraphicsScene):
    personActivated = Signal(str)
    positionActivated = Signal(str)
    unitActivated = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setBackgroundBrush(QBrush(PAPER))
        self.boxes: list[ChartItem] = []
        self.heading = ""
        self.columns = MAX_COLUMNS  # boxes per row: set by the view for its width
        self._again: Callable[[], None] | None = None  # the last show_*, to lay out anew
        # The holder's avatar on each seat (set by the screen, which has the cache).
        self.faces: Callable[[str], QPixmap] | None = None

    def _seat(self, seat: Seat, deputies: Mapping[str, Person | None], *,
              current: bool = False) -> SeatItem:
        face = (self.faces(seat.holder.id) if self.faces is not None and seat.holder
                else None)
        return SeatItem(seat, deputies.get(seat.position.id), current=current, face=face)

    # -- what is shown ---------------------------------------------------------------

    def seat_items(self) -> list[SeatItem]:
        return [b for b in self.boxes if isinstance(b, SeatItem)]

    def unit_items(self) -> list[UnitItem]:
        return [b for b in self.boxes if isinstance(b, UnitItem)]

    def show_unit(self, heading: str, lead: Seat | None, seats: Sequence[Seat],
                  sub_units: Sequence[tuple[OrgUnit, Seat | None, str]],
                  deputies: Mapping[str, Person | None]) -> None:
        """A unit: its lead on top, its other seats below, then its sub-units."""
        self._again = lambda: self.show_unit(heading, lead, seats, sub_units, deputies)
        y = self._start(heading)
        top: ChartItem | None = None
        if lead is not None:
            top = self._place([self._seat(lead, deputies)], y)[0]
            y += BOX_H + V_GAP
        if seats:
            items = self._place([self._seat(s, deputies) for s in seats], y)
            self._connect(top, items)
            y = max(i.sceneBoundingRect().bottom() for i in items) + V_GAP
        if sub_units:
            y += 18.0  # room for the caption above the bus line
            units = [UnitItem(u, lead_seat, kind) for u, lead_seat, kind in sub_units]
            items = self._place(units, y, UNIT_H)
            caption = self._text(translate("OrgScene", "Sub-units"), bold=True)
            caption.setPos(items[0].x(), y - caption.boundingRect().height() - 4)
            if not seats:
                self._connect(top, items)
        self._finish()

    def show_chain(self, heading: str, chain: Sequence[Seat], reports: Sequence[Seat],
                   deputies: Mapping[str, Person | None]) -> None:
        """A position: the chain up to the top above it (top first), its reports below."""
        self._again = lambda: self.show_chain(heading, chain, reports, deputies)
        y = self._start(heading)
        above: ChartItem | None = None
        for index, seat in enumerate(reversed(chain)):
            current = index == len(chain) - 1
            item = self._place([self._seat(seat, deputies, current=current)], y)[0]
            self._connect(above, [item])
            above = item
            y += BOX_H + V_GAP
        if reports:
            items = self._place([self._seat(s, deputies) for s in reports], y)
            self._connect(above, items)
        self._finish()

    def set_columns(self, columns: int) -> bool:
        """Lay the shown chart out again with `columns` boxes per row, keeping the
        keyboard on the box it was on; False when nothing changed."""
        columns = max(1, min(MAX_COLUMNS, columns))
        if columns == self.columns:
            return False
        self.columns = columns
        if self._again is not None:
            focused = self.focusItem()
            at = self.boxes.index(focused) if focused in self.boxes else None
            self._again()
            if at is not None and at < len(self.boxes):
                self.boxes[at].setFocus()
        return True

    # -- layout ----------------------------------------------------------------------

    def _start(self, heading: str) -> float:
        self.clear()
        self.boxes = []
        self.heading = heading
        title = self._text(heading, bold=True, scale=1.3)
        title.setPos(-title.boundingRect().width() * 1.3 / 2, 0)
        return 48.0

    def _text(self, text: str, *, bold: bool = False, scale: float = 1.0,
              ) -> QGraphicsSimpleTextItem:
        item = self.addSimpleText(text)
        font = QFont(item.font())
        font.setBold(bold)
        item.setFont(font)
        item.setScale(scale)
        item.setBrush(QBrush(INK))
        return item

    def _place(self, items: Sequence[ChartItem], y: float,
               height: float = BOX_H) -> Sequence[ChartItem]:
        """Rows of up to `columns` boxes, centred on x = 0."""
        for start in range(0, len(items), self.columns):
            row = items[start:start + self.columns]
            width = len(row) * BOX_W + (len(row) - 1) * H_GAP
            for column, item in enumerate(row):
                item.setPos(-width / 2 + column * (BOX_W + H_GAP), y)
                self.addItem(item)
                self.boxes.append(item)
            y += height + H_GAP
        return items

    def _connect(self, parent: ChartItem | None, children: Sequence[ChartItem]) -> None:
        """Elbow lines from the parent's bottom to the top of each box in the first row."""
        if parent is None or not children:
            return
        start = parent.sceneBoundingRect()
        first_top = children[0].sceneBoundingRect().top()
        bus = (start.bottom() + first_top) / 2
        path = QPainterPath(QPointF(start.center().x(), start.bottom()))
        path.lineTo(start.center().x(), bus)
        for child in children:
            box = child.sceneBoundingRect()
            if box.top() != first_top:
                break
            path.moveTo(start.center().x(), bus)
            path.lineTo(box.center().x(), bus)
            path.lineTo(box.center().x(), box.top())
        line = QGraphicsPathItem(path)
        line.setPen(QPen(LINE, 1.2))
        line.setZValue(-1)
        self.addItem(line)

    def _finish(self) -> None:
        self.setSceneRect(self.itemsBoundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))

    # -- keyboard --------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        focused = self.focusItem()
        box = focused if isinstance(focused, ChartItem) else None
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up):
            if self.boxes:
                step = 1 if key in (Qt.Key.Key_Right, Qt.Key.Key_Down) else -1
                at = self.boxes.index(box) + step if box in self.boxes else 0
                self.boxes[max(0, min(at, len(self.boxes) - 1))].setFocus()
            event.accept()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and box is not None:
            box.activate()
            event.accept()
        elif key == Qt.Key.Key_Space and box is not None:
            box.open_person()
            event.accept()
        else:
            super().keyPressEvent(event)


class OrgChartGraphicsView(QGraphicsView):
    """The chart's viewport: fits a wide chart to its width, zooms with Ctrl+wheel or keys.

    A unit of four columns is wider than a laptop's window at full size: the view gives
    the scene as many columns as its width takes at the smallest legible scale, then
    shrinks the chart to the width (never below that scale), so the whole hierarchy
    shows at once without scrolling sideways, and the user zooms in from there.
    """

    def __init__(self, scene: QGraphicsScene) -> None:
        super().__init__(scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # A chart shorter than the view starts at its top, not in the middle of white.
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        # Zoomed by the user since the last fit: a resize (the scroll bars the zoom
        # brought count as one) keeps their zoom instead of fitting it away.
        self.zoomed = False

    def fit_width(self) -> None:
        """Scale so the chart's width fits, top in view: never above full size, and
        never so small that its text drops below MIN_TEXT_PX. The rows hold as many
        boxes as fit at that smallest scale, so only a heading wider than the view
        (or a view narrower than one box) leaves it scrolling sideways."""
        width = max(1, self.viewport().width() - 4)
        smallest = min_fit_scale(self.font())
        scene = self.scene()
        if isinstance(scene, OrgScene):
            # Counted as if the vertical scroll bar were there: more rows may bring it,
            # and the columns must still fit beside it.
            bar = self.verticalScrollBar()
            spare = 0 if bar.isVisible() else bar.sizeHint().width()
            scene.set_columns(columns_for(width - spare, smallest))
        rect = self.sceneRect()
        scale = min(1.0, max(smallest, width / max(rect.width(), 1.0)))
        self.zoomed = False
        self.resetTransform()
        self.scale(scale, scale)
        # Wider than the view even so: start at the left edge, whole boxes first.
        x = (rect.center().x() if rect.width() * scale <= width
             else rect.left() + width / scale / 2)
        self.centerOn(x, rect.top() + self.viewport().height() / scale / 2)

    def zoom(self, factor: float) -> None:
        current = self.transform().m11()
        wanted = min(MAX_SCALE, max(MIN_SCALE / 2, current * factor))
        self.zoomed = True
        self.scale(wanted / current, wanted / current)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.zoomed:
            self.fit_width()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
        else:
            super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if control and event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif control and event.key() == Qt.Key.Key_Minus:
            self.zoom(1 / ZOOM_STEP)
        elif control and event.key() == Qt.Key.Key_0:
            self.fit_width()
        else:
            super().keyPressEvent(event)
