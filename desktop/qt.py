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
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QDateTime,
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




def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name lupdate knows
    """Mark `source` for translation in `context` and return it unchanged.

    PySide6's own QT_TRANSLATE_NOOP does the same but is typed as returning object;
    this one keeps the marked text a str for the type checker."""
    del context
    return source


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
    "QDateTime",
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
