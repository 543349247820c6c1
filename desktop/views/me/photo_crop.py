"""Cut a square out of a picture for one's profile photo: drag the frame, size it.

The server cuts any picture to its centre square; this lets the person choose which
square instead. What leaves is a JPEG of at most EXPORT_SIDE pixels a side, so a
40-megapixel camera picture is not sent whole.
"""

from __future__ import annotations

from desktop.qt import (
    QBuffer,
    QByteArray,
    QColor,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QImage,
    QIODevice,
    QKeyEvent,
    QLabel,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPointF,
    QRectF,
    QSize,
    QSlider,
    Qt,
    QVBoxLayout,
    QWidget,
)

VIEW_SIDE = 360  # the picture is shown fitted into this square
EXPORT_SIDE = 1024
MIN_PERCENT = 20  # the smallest frame: a fifth of the picture's shorter side


class CropArea(QWidget):
    """The picture with a movable square frame; outside it is dimmed."""

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        self.setFixedSize(QSize(VIEW_SIDE, VIEW_SIDE))
        self.scale = min(VIEW_SIDE / image.width(), VIEW_SIDE / image.height())
        self.side = float(min(image.width(), image.height()))  # in image pixels
        self.centre = QPointF(image.width() / 2, image.height() / 2)
        self._grab: QPointF | None = None
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def _offset(self) -> QPointF:
        return QPointF((VIEW_SIDE - self.image.width() * self.scale) / 2,
                       (VIEW_SIDE - self.image.height() * self.scale) / 2)

    def frame(self) -> QRectF:
        """The chosen square in image pixels, always inside the picture."""
        half = self.side / 2
        x = min(max(self.centre.x(), half), self.image.width() - half)
        y = min(max(self.centre.y(), half), self.image.height() - half)
        self.centre = QPointF(x, y)
        return QRectF(x - half, y - half, self.side, self.side)

    def set_percent(self, percent: int) -> None:
        self.side = min(self.image.width(), self.image.height()) * percent / 100
        self.update()

    def move_by(self, dx: float, dy: float) -> None:
        """Move the frame by image pixels (the arrow keys and dragging)."""
        self.centre = QPointF(self.centre.x() + dx, self.centre.y() + dy)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        offset = self._offset()
        shown = QRectF(offset.x(), offset.y(), self.image.width() * self.scale,
                       self.image.height() * self.scale)
        painter.drawImage(shown, self.image)
        box = self.frame()
        on_screen = QRectF(offset.x() + box.x() * self.scale, offset.y() + box.y() * self.scale,
                           box.width() * self.scale, box.height() * self.scale)
        dim = QColor(0, 0, 0, 140)
        painter.fillRect(QRectF(shown.left(), shown.top(), shown.width(),
                                on_screen.top() - shown.top()), dim)
        painter.fillRect(QRectF(shown.left(), on_screen.bottom(), shown.width(),
                                shown.bottom() - on_screen.bottom()), dim)
        painter.fillRect(QRectF(shown.left(), on_screen.top(), on_screen.left() - shown.left(),
                                on_screen.height()), dim)
        painter.fillRect(QRectF(on_screen.right(), on_screen.top(),
                                shown.right() - on_screen.right(), on_screen.height()), dim)
        painter.setPen(QPen(QColor("white"), 2))
        painter.drawRect(on_screen)
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """The arrow keys move the frame by a tenth of its side."""
        step = self.side / 10
        moves = {Qt.Key.Key_Left: (-step, 0.0), Qt.Key.Key_Right: (step, 0.0),
                 Qt.Key.Key_Up: (0.0, -step), Qt.Key.Key_Down: (0.0, step)}
        move = moves.get(Qt.Key(event.key()))
        if move is None:
            super().keyPressEvent(event)
            return
        self.move_by(*move)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._grab = event.position()
        self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._grab is not None:
            delta = event.position() - self._grab
            self._grab = event.position()
            self.move_by(delta.x() / self.scale, delta.y() / self.scale)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._grab = None
        self.setCursor(Qt.CursorShape.OpenHandCursor)


class PhotoCropDialog(QDialog):
    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photoCrop")
        self.setWindowTitle(self.tr("Choose your photo's square"))
        self.area = CropArea(image, self)
        self.area.setAccessibleName(self.tr("Photo with the chosen square"))
        self.area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setObjectName("photoCropSize")
        self.size_slider.setAccessibleName(self.tr("Size of the square"))
        self.size_slider.setRange(MIN_PERCENT, 100)
        self.size_slider.setValue(100)
        self.size_slider.valueChanged.connect(self.area.set_percent)
        size_label = QLabel(self.tr("&Size:"))
        size_label.setBuddy(self.size_slider)
        hint = QLabel(self.tr("Drag the square (or move it with the arrow keys) to the part "
                              "of the picture you want."))
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Use this photo"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        size_row = QHBoxLayout()
        size_row.addWidget(size_label)
        size_row.addWidget(self.size_slider, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.area, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addLayout(size_row)
        layout.addWidget(self.buttons)

    def cropped_jpeg(self) -> bytes:
        """The chosen square as a JPEG, at most EXPORT_SIDE pixels a side."""
        square = self.area.image.copy(self.area.frame().toRect())
        if square.width() > EXPORT_SIDE:
            square = square.scaled(EXPORT_SIDE, EXPORT_SIDE,
                                   Qt.AspectRatioMode.IgnoreAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        square.save(buffer, "JPEG", 90)  # type: ignore[call-overload]  # PySide6 takes str
        buffer.close()
        return bytes(data.data())
