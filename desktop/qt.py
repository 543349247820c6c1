"""The one import point for Qt: every desktop module takes its Qt names from here.

An import-linter contract forbids PySide6 and shiboken6 anywhere else in desktop/
(tests may import them directly), so a Qt binding's quirk is met, and worked around,
in one place, and a frozen build (PyInstaller) finds every Qt module the app uses by
reading this file.

Known quirk: PySide6 bindings have got None's reference count wrong. 6.12.0 on Python
3.11 drops a reference to None on every call of a Qt method that returns nothing
(setText, setChecked, processEvents, ...): a few thousand clicks on the Feed and the
interpreter aborts with "Fatal Python error: none_dealloc" (pyproject.toml keeps that
release out). Older releases added one instead on some processEvents() calls, harmless
unless a hot "while not done: processEvents()" loop runs millions of times. So nothing
spins such a loop (wait on a signal, or run_event_loop_for()), and the app checks the
binding it runs on at start (guard_none_refcount): a binding that drops references to
None gets a reserve of them, topped up while the app runs, and a warning in the log.
"""

from __future__ import annotations

import logging
import sys

import PySide6
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QBuffer,
    QByteArray,
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QEventLoop,
    QIODevice,
    QLibraryInfo,
    QLocale,
    QMarginsF,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSettings,
    QSize,
    QStandardPaths,
    Qt,
    QTimer,
    QTranslator,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleInterface,
    QAction,
    QBrush,
    QColor,
    QDesktopServices,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QImage,
    QImageReader,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPdfWriter,
    QPen,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QShowEvent,
    QTextCursor,
    QTextDocumentFragment,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QAccessibleWidget,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSlider,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QSystemTrayIcon,
    QTabBar,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

try:  # not in every PySide6 build (PySide6-Essentials has it; a trimmed bundle may not)
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    PRINT_AVAILABLE = True
except ImportError:  # pragma: no cover - depends on the installed PySide6 build
    PRINT_AVAILABLE = False
    # The names stay importable; PRINT_AVAILABLE says they are None on such a build.
    QPrintDialog = QPrinter = None  # type: ignore[assignment,misc]


def run_event_loop_for(ms: int) -> None:
    """Let queued events and timers run for ms milliseconds: the event loop's own wait,
    not a processEvents() loop (see the module docstring)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()




def none_balance(calls: int = 200) -> int:
    """How None's reference count moves over `calls` calls of a Qt method that returns
    nothing: 0 for a sound binding, -calls for one that drops a reference each time."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(calls):
        probe.setObjectName("")
    return sys.getrefcount(None) - before


class NoneReserve(QObject):
    """References to None held for a binding that drops them (see the module docstring),
    topped up four times a second so that its count never reaches zero."""

    FLOOR = 1_000_000  # references; 8 MB of list at most

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reserve: list[None] = []
        self.timer = QTimer(self)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.top_up)
        self.top_up()
        self.timer.start()

    def top_up(self) -> None:
        missing = self.FLOOR - sys.getrefcount(None)
        if missing > 0:
            self.reserve.extend([None] * missing)


def guard_none_refcount(parent: QObject | None = None) -> NoneReserve | None:
    """Check the Qt binding once; if it drops references to None, keep a reserve."""
    if none_balance() >= 0:
        return None
    logging.getLogger("kontor.desktop").warning(
        "this PySide6 build (%s) loses references to None; keeping a reserve",
        PySide6.__version__)
    return NoneReserve(parent)


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name lupdate knows
    """Mark `source` for translation in `context` and return it unchanged.

    PySide6's own QT_TRANSLATE_NOOP does the same but is typed as returning object;
    this one keeps the marked text a str for the type checker."""
    del context
    return source


__all__ = [
    "PRINT_AVAILABLE",
    "QAbstractItemModel",
    "QAbstractItemView",
    "QAbstractScrollArea",
    "QAbstractListModel",
    "QAbstractSpinBox",
    "QAbstractTableModel",
    "QAccessible",
    "QAccessibleActionInterface",
    "QAccessibleInterface",
    "QAccessibleWidget",
    "QAction",
    "QApplication",
    "QBrush",
    "QBuffer",
    "QByteArray",
    "QCheckBox",
    "QColor",
    "QComboBox",
    "QCoreApplication",
    "QDate",
    "QDateEdit",
    "QDateTime",
    "QDateTimeEdit",
    "QDesktopServices",
    "QDialog",
    "QDialogButtonBox",
    "QEvent",
    "QEventLoop",
    "QFileDialog",
    "QFocusEvent",
    "QFont",
    "QFontMetrics",
    "QFormLayout",
    "QFrame",
    "QGraphicsEllipseItem",
    "QGraphicsItem",
    "QGraphicsPathItem",
    "QGraphicsPixmapItem",
    "QGraphicsRectItem",
    "QGraphicsScene",
    "QGraphicsSceneMouseEvent",
    "QGraphicsSimpleTextItem",
    "QGraphicsView",
    "QGridLayout",
    "QGroupBox",
    "QGuiApplication",
    "QHBoxLayout",
    "QHeaderView",
    "QIODevice",
    "QIcon",
    "QImage",
    "QImageReader",
    "QInputDialog",
    "QKeyEvent",
    "QKeySequence",
    "QLabel",
    "QLayout",
    "QLibraryInfo",
    "QLineEdit",
    "QListView",
    "QListWidget",
    "QListWidgetItem",
    "QLocale",
    "QMainWindow",
    "QMarginsF",
    "QMenu",
    "QMessageBox",
    "QModelIndex",
    "QMouseEvent",
    "QObject",
    "QPageLayout",
    "QPageSize",
    "QPagedPaintDevice",
    "QPaintEvent",
    "QPainter",
    "QPainterPath",
    "QPalette",
    "QPdfWriter",
    "QPen",
    "QPersistentModelIndex",
    "QPixmap",
    "QPlainTextEdit",
    "QPoint",
    "QPointF",
    "QPrintDialog",
    "QPrinter",
    "QProgressBar",
    "QPushButton",
    "QRect",
    "QRectF",
    "QResizeEvent",
    "QScrollArea",
    "QSettings",
    "QShortcut",
    "QShowEvent",
    "QTextDocumentFragment",
    "QSize",
    "QSlider",
    "QStandardPaths",
    "QSplitter",
    "QStackedWidget",
    "QStyle",
    "QStyleOptionViewItem",
    "QStyledItemDelegate",
    "QSystemTrayIcon",
    "QT_TRANSLATE_NOOP",
    "QTabBar",
    "QTextCursor",
    "QTableView",
    "QTableWidget",
    "QTableWidgetItem",
    "QTabWidget",
    "QTimer",
    "QToolButton",
    "QTranslator",
    "QTreeView",
    "QUrl",
    "QVBoxLayout",
    "QWheelEvent",
    "QWidget",
    "QWizard",
    "QWizardPage",
    "Qt",
    "Signal",
    "Slot",
    "guard_none_refcount",
    "none_balance",
    "run_event_loop_for",
]
