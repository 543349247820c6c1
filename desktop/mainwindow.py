"""The main window: navigation rail, the screens, global search, status bar, tray."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QWidget,
)

from desktop.context import ViewContext, icon_path
from desktop.tray import TrayNotifier
from desktop.views.base import View
from desktop.views.settings_dialog import open_settings
from sync.cache.write.state import get_sync_state

# (screen name, module, class, rail title): screens are found by name, so they need not
# import one another, and built when first used, so the first paint waits only for People.
# The title is the class's own title() text, translated in the class's context.
SCREENS = (
    ("start", "desktop.views.start_here", "StartHereView",
     QT_TRANSLATE_NOOP("StartHereView", "Start here")),
    ("feed", "desktop.views.feed", "FeedView", QT_TRANSLATE_NOOP("FeedView", "Feed")),
    ("people", "desktop.views.people", "PeopleView",
     QT_TRANSLATE_NOOP("PeopleView", "People")),
    ("who", "desktop.views.who", "WhoView", QT_TRANSLATE_NOOP("WhoView", "Who does what")),
    ("org", "desktop.views.org_chart", "OrgChartView",
     QT_TRANSLATE_NOOP("OrgChartView", "Org chart")),
    ("spaces", "desktop.views.spaces", "SpacesView",
     QT_TRANSLATE_NOOP("SpacesView", "Spaces")),
    ("me", "desktop.views.me", "MeView", QT_TRANSLATE_NOOP("MeView", "Me")),
)
SCREEN_NAMES = tuple(name for name, _, _, _ in SCREENS)
FIRST_SCREEN = "people"


def site_label(server_name: str) -> str:
    """A site as users say it: "hamburg.example.com" -> "Hamburg"."""
    first = server_name.split(".", 1)[0]
    return first[:1].upper() + first[1:] if first else server_name


class Screens(dict[str, View]):
    """views[name]: the screen, built on first use (shown, or asked for by a test)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self._window = window

    def __missing__(self, name: str) -> View:
        return self._window._build_screen(name)

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        """Like views[name] for a known screen (building it), default for others."""
        return self[name] if name in SCREEN_NAMES else default


class MainWindow(QMainWindow):
    def __init__(self, ctx: ViewContext) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.navigator = self
        self.setWindowTitle("Kontor")
        self.resize(1200, 800)
        self.rail = QListWidget()
        self.rail.setObjectName("navigationRail")
        self.rail.setAccessibleName(self.tr("Navigation"))
        self.rail.setFixedWidth(180)
        self.stack = QStackedWidget()
        self.views = Screens(self)
        for name, _module, cls, title in SCREENS:
            item = QListWidgetItem(QIcon(icon_path(name)), QCoreApplication.translate(cls, title))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.rail.addItem(item)
        self.views[FIRST_SCREEN]  # noqa: B018 - built now, before the rail selects it
        self.rail.currentRowChanged.connect(self._on_rail_row)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.rail)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_status_bar()
        self._build_search()
        bridge = ctx.bridge
        bridge.statusChanged.connect(self.on_status, Qt.ConnectionType.QueuedConnection)
        bridge.synced.connect(self.on_synced, Qt.ConnectionType.QueuedConnection)
        bridge.progress.connect(self.on_progress, Qt.ConnectionType.QueuedConnection)
        bridge.outboxChanged.connect(self.on_outbox, Qt.ConnectionType.QueuedConnection)
        bridge.writeFinished.connect(self.on_write, Qt.ConnectionType.QueuedConnection)
        bridge.sitesChanged.connect(self.on_sites, Qt.ConnectionType.QueuedConnection)
        self.on_status(bridge.status, "")
        last = get_sync_state(ctx.cache).last_sync_at
        if last:
            self._show_last_sync(last)
        self.rail.setCurrentRow(SCREEN_NAMES.index(FIRST_SCREEN))
        settings_action = QAction(self.tr("Settings…"), self)
        settings_action.setShortcut(QKeySequence("Ctrl+,"))
        settings_action.triggered.connect(lambda: open_settings(ctx.settings, self))
        self.addAction(settings_action)
        self.tray = TrayNotifier(ctx, self)

    # -- status bar ------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        self.online_label = QLabel()
        self.online_label.setObjectName("onlineState")
        self.online_label.setAccessibleName(self.tr("Connection"))
        self.sync_label = QLabel(self.tr("Not synced yet"))
        self.sync_label.setObjectName("lastSync")
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingCount")
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setAccessibleName(self.tr("Sync progress"))
        self.progress.setMaximumWidth(260)
        self.progress.setFormat(self.tr("%v of %m"))
        self.progress.hide()
        self.sites_label = QLabel()
        self.sites_label.setObjectName("staleSites")
        self.sites_label.hide()
        self._refreshed_at = 0
        bar = self.statusBar()
        bar.addWidget(self.online_label)
        bar.addWidget(self.sync_label)
        bar.addWidget(self.sites_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.pending_label)

    @Slot(str, str)
    def on_status(self, status: str, detail: str) -> None:
        labels = {
            "online": self.tr("Online"),
            "syncing": self.tr("Syncing…"),
            "connecting": self.tr("Connecting…"),
            "offline": self.tr("Offline: showing saved data"),
            "signed_out": self.tr("Signed out"),
            "revoked": self.tr("This device was signed out by your administrator"),
        }
        self.online_label.setText(labels.get(status, status))
        self.online_label.setToolTip(detail)

    @Slot(int, int)
    def on_progress(self, done: int, expected: int) -> None:
        """Only a long sync (the first one) shows a bar; the app stays usable meanwhile."""
        if expected > 500 and done < expected:
            self.progress.setRange(0, expected)
            self.progress.setValue(done)
            self.progress.show()
            if done - self._refreshed_at >= 5000:  # let early results show meanwhile
                self._refreshed_at = done
                self.refresh()
        else:
            self.progress.hide()

    def _show_last_sync(self, at: int) -> None:
        moment = dt.datetime.fromtimestamp(at / 1000)
        fmt = "%H:%M" if moment.date() == dt.date.today() else "%d.%m. %H:%M"
        self.sync_label.setText(self.tr("Last sync %1").replace("%1", moment.strftime(fmt)))

    @Slot(int, "qint64")
    def on_synced(self, applied: int, at: int) -> None:
        self.progress.hide()
        self._show_last_sync(at)
        if applied:
            self.refresh()

    @Slot(int, int)
    def on_outbox(self, pending: int, failed: int) -> None:
        parts = []
        if pending:
            parts.append(self.tr("%n pending", "", pending))
        if failed:
            parts.append(self.tr("%n failed", "", failed))
        self.pending_label.setText(" · ".join(parts))
        self.refresh()

    @Slot(list)
    def on_sites(self, stale: list[str]) -> None:
        """A quiet note while a peer site stays unreachable; hidden when all are current."""
        if not stale:
            self.sites_label.clear()
            self.sites_label.hide()
            return
        names = ", ".join(site_label(name) for name in stale)
        self.sites_label.setText(
            self.tr("Data from %1 may be out of date").replace("%1", names))
        self.sites_label.setToolTip(", ".join(stale))
        self.sites_label.show()

    @Slot(str, str)
    def on_write(self, item_id: str, error: str) -> None:
        if error:
            self.statusBar().showMessage(error, 8000)

    def refresh(self) -> None:
        current = self.stack.currentWidget()
        if isinstance(current, View):
            current.refresh()

    # -- search ----------------------------------------------------------------------

    def _build_search(self) -> None:
        from desktop.views.search import SearchPopup

        self.search = SearchPopup(self.ctx, self)
        action = QAction(self.tr("Search"), self)
        action.setShortcut(QKeySequence("Ctrl+K"))
        action.triggered.connect(self.search.open_search)
        self.addAction(action)

    # -- navigation ------------------------------------------------------------------

    def _build_screen(self, name: str) -> View:
        row = SCREEN_NAMES.index(name)
        _, module, cls, _ = SCREENS[row]
        view: View = getattr(importlib.import_module(module), cls)(self.ctx)
        dict.__setitem__(self.views, name, view)
        self.stack.addWidget(view)
        self.rail.item(row).setText(view.title())
        return view

    def _on_rail_row(self, row: int) -> None:
        if 0 <= row < len(SCREENS):
            self.stack.setCurrentWidget(self.views[SCREENS[row][0]])

    def show_screen(self, name: str) -> None:
        self.rail.setCurrentRow(SCREEN_NAMES.index(name))
        self.views[name].refresh()

    def show_person(self, person_id: str) -> None:
        self.show_screen("people")
        self.views["people"].show_person(person_id)  # type: ignore[attr-defined]

    def show_space(self, space_id: str) -> None:
        self.show_screen("spaces")
        self.views["spaces"].show_space(space_id)  # type: ignore[attr-defined]

    def show_post(self, post_id: str) -> None:
        self.show_screen("feed")
        self.views["feed"].show_post(post_id)  # type: ignore[attr-defined]

    def show_position(self, position_id: str) -> None:
        """The org chart with that position selected: its chain up and direct reports."""
        self.show_screen("org")
        self.views["org"].show_position(position_id)  # type: ignore[attr-defined]
