"""The one import point for Qt: every desktop module takes its Qt names from here.

An import-linter contract forbids PySide6 and shiboken6 anywhere else in desktop/
(tests may import them directly), so a Qt binding's quirk is met, and worked around,
in one place, and a frozen build (PyInstaller) finds every Qt module the app uses by
reading this file.

Known quirk: PySide6 leaks a reference to None on every QCoreApplication.processEvents()
call; millions of calls (a hot "while not done: processEvents()" loop, as the start-up
benchmark once had) overflow None's reference count and crash the interpreter. Never
write such a loop: wait on a signal, or let the event loop run with
run_event_loop_for().

The same binding (6.12 on Python 3.11) takes one reference from None on every call of a
method that returns nothing (QPainterPath.moveTo, QGraphicsItem.setPos, setPen, ...):
measured, 1000 calls lower None's count by 1000, and a scene of a few thousand items
(the Hubs map of a 100,000-people company) brings it to zero and aborts the process
("none_dealloc"). Python 3.12 makes None immortal; on 3.11 this module lifts None's
count far out of reach once, at import (guard_none_refcount).
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QEvent,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QMarginsF,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSettings,
    QSize,
    Qt,
    QTimer,
    QTranslator,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
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
    QKeyEvent,
    QKeySequence,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
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
    QPrintDialog = QPrinter = None  # type: ignore[assignment,misc]


NONE_GUARD = 1 << 40  # about 10^12 void calls before the count could reach zero again


def guard_none_refcount() -> None:
    """Raise None's reference count by NONE_GUARD on CPython before 3.12 (see above).

    None is never freed, so a count too high is harmless; a count that reaches zero
    aborts the interpreter. From 3.12 None is immortal and its count is left alone.
    """
    if sys.implementation.name == "cpython" and sys.version_info < (3, 12):
        ctypes.c_ssize_t.from_address(id(None)).value += NONE_GUARD


guard_none_refcount()


def run_event_loop_for(ms: int) -> None:
    """Let queued events and timers run for ms milliseconds: the event loop's own wait,
    not a processEvents() loop (see the module docstring)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


__all__ = [
    "PRINT_AVAILABLE",
    "QT_TRANSLATE_NOOP",
    "QAbstractItemModel",
    "QAbstractItemView",
    "QAbstractListModel",
    "QAbstractSpinBox",
    "QAbstractTableModel",
    "QAction",
    "QApplication",
    "QBrush",
    "QCheckBox",
    "QColor",
    "QComboBox",
    "QCoreApplication",
    "QDate",
    "QDateEdit",
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
    "QIcon",
    "QImage",
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
    "QObject",
    "QPageLayout",
    "QPageSize",
    "QPagedPaintDevice",
    "QPainter",
    "QPainterPath",
    "QPdfWriter",
    "QPen",
    "QPersistentModelIndex",
    "QPixmap",
    "QPlainTextEdit",
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
    "QSize",
    "QSplitter",
    "QStackedWidget",
    "QStyle",
    "QStyleOptionViewItem",
    "QStyledItemDelegate",
    "QSystemTrayIcon",
    "QTabBar",
    "QTableView",
    "QTableWidget",
    "QTableWidgetItem",
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
    "run_event_loop_for",
]
