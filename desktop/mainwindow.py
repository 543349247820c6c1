"""The main window: navigation rail, the screens, global search, status bar, tray."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from desktop.context import ViewContext, icon_path
from desktop.diagnostics import dump_path, write_dump
from desktop.keyboard import install_screen_keys, move_between_regions, screen_key_text
from desktop.qt import (
    QT_TRANSLATE_NOOP,
    QAction,
    QCoreApplication,
    QGuiApplication,
    QHBoxLayout,
    QIcon,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QResizeEvent,
    QShowEvent,
    QSize,
    QStackedWidget,
    Qt,
    QTimer,
    QWidget,
    Slot,
)
from desktop.status_text import reason_text
from desktop.tray import TrayNotifier
from desktop.views.base import View
from desktop.views.common.about import AboutDialog, open_about
from desktop.views.common.search import SearchPopup
from desktop.views.common.settings_dialog import open_settings
from sync.cache.db import Cache
from sync.cache.read.community import has_community
from sync.cache.write.state import get_sync_state

log = logging.getLogger("kontor.desktop")


@dataclass(frozen=True)
class Screen:
    name: str  # what navigate() is called with; its module is desktop.views.<name>.screen
    class_name: str  # the View subclass in that module, also the context of its texts
    title: str  # the class's own title() text, translated in the class's context
    # Only for some readers: the screen is in the rail while this says so of the cache.
    shown_if: Callable[[Cache], bool] | None = None

    def view(self) -> type[View]:
        """The screen's class, imported on first use: a start imports only the screen
        it opens on (the Feed alone brings the Markdown renderer). A frozen build finds
        every screen all the same (packaging/kontor.spec collects desktop's modules)."""
        module = importlib.import_module(f"desktop.views.{self.name}.screen")
        view: type[View] = getattr(module, self.class_name)
        return view


# The rail's order; each screen is built on first use, so the first paint waits only
# for the screen the app opens on.
SCREENS = (
    Screen("start", "StartHereView", QT_TRANSLATE_NOOP("StartHereView", "Start here")),
    Screen("feed", "FeedView", QT_TRANSLATE_NOOP("FeedView", "Feed")),
    Screen("people", "PeopleView", QT_TRANSLATE_NOOP("PeopleView", "People")),
    Screen("who", "WhoView", QT_TRANSLATE_NOOP("WhoView", "Who does what")),
    Screen("org", "OrgChartView", QT_TRANSLATE_NOOP("OrgChartView", "Org chart")),
    Screen("hubs", "HubsView", QT_TRANSLATE_NOOP("HubsView", "Hubs")),
    # Community managers only: they alone receive its figures (docs/hubs.md).
    Screen("community", "CommunityView", QT_TRANSLATE_NOOP("CommunityView", "Community"),
           shown_if=has_community),
    Screen("spaces", "SpacesView", QT_TRANSLATE_NOOP("SpacesView", "Spaces")),
    Screen("me", "MeView", QT_TRANSLATE_NOOP("MeView", "Me")),
)
SCREEN_NAMES = tuple(screen.name for screen in SCREENS)
FIRST_SCREEN = "start"
LAST_SCREEN_KEY = "view/last_screen"  # the screen the user left, opened at the next start


FRAME_ALLOWANCE = QSize(16, 40)


def fit_to_screen(window: QWidget, preferred: QSize) -> None:
    """The preferred size, but never larger than the screen's free area: at 150 %
    scaling a 1400x900 screen has 933x600 logical pixels, and a window opened larger
    puts its own title bar and status bar out of reach."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(preferred)
        return
    free = screen.availableGeometry()
    # The frame is the window manager's and unknown before the window is shown: leave
    # room for a title bar and borders.
    size = preferred.boundedTo(free.size() - FRAME_ALLOWANCE)
    window.resize(size)
    window.move(free.x() + (free.width() - size.width()) // 2,
                free.y() + (free.height() - size.height()) // 2)


def site_label(server_name: str) -> str:
    """A site as users say it: "hamburg.example.com" -> "Hamburg"."""
    first = server_name.split(".", 1)[0]
    return first[:1].upper() + first[1:] if first else server_name


class MainWindow(QMainWindow):
    def __init__(self, ctx: ViewContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.dump = dump_path()  # KONTOR_SCREEN_DUMP (desktop/diagnostics.py)
        ctx.navigator = self
        ctx.tell = self.tell
        self.setWindowTitle("Kontor")
        fit_to_screen(self, QSize(1200, 800))
        self.rail = QListWidget()
        self.rail.setObjectName("navigationRail")
        self.rail.setAccessibleName(self.tr("Navigation"))
        self.rail.setFixedWidth(180)
        self.stack = QStackedWidget()
        self.views: dict[str, View] = {}  # the screens built so far, by name
        for screen in SCREENS:
            item = QListWidgetItem(QIcon(icon_path(screen.name)),
                                   QCoreApplication.translate(screen.class_name, screen.title))
            item.setData(Qt.ItemDataRole.UserRole, screen.name)
            self.rail.addItem(item)
        self._update_rail()
        self.rail.currentRowChanged.connect(self._on_rail_row)
        # A screen reader or voice control selects an item (AT-SPI's Toggle action)
        # rather than making it current: the rail follows its selection as well. Queued,
        # so a click (selection first, then current row) has settled before it is read.
        self.rail.itemSelectionChanged.connect(self._on_rail_selection,
                                               Qt.ConnectionType.QueuedConnection)
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
        bridge.photosArrived.connect(self.on_photos, Qt.ConnectionType.QueuedConnection)
        bridge.progress.connect(self.on_progress, Qt.ConnectionType.QueuedConnection)
        bridge.outboxChanged.connect(self.on_outbox, Qt.ConnectionType.QueuedConnection)
        bridge.sitesChanged.connect(self.on_sites, Qt.ConnectionType.QueuedConnection)
        self.on_status(bridge.status, "")
        last = get_sync_state(ctx.cache).last_sync_at
        if last:
            self._show_last_sync(last)
        self.navigate(self._first_screen())
        settings_action = QAction(self.tr("Settings…"), self)
        settings_action.setShortcut(QKeySequence("Ctrl+,"))
        settings_action.triggered.connect(lambda: open_settings(ctx.settings, self))
        self.addAction(settings_action)
        self.about_dialog: AboutDialog | None = None
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = help_menu.addAction(self.tr("&About Kontor"))
        self.about_action.setObjectName("aboutAction")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.open_about)
        self.tray = TrayNotifier(ctx, self)
        self._build_keyboard()

    def open_about(self) -> None:
        """Help → About: the version and IT's update channel."""
        self.about_dialog = open_about(self.ctx.settings.policy, self)

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
    def on_status(self, status: str, reason: str) -> None:
        labels = {
            "online": self.tr("Online"),
            "syncing": self.tr("Syncing…"),
            "connecting": self.tr("Connecting…"),
            "offline": self.tr("Offline: showing saved data"),
            "signed_out": self.tr("Signed out"),
            "revoked": self.tr("This device was signed out by your administrator"),
            "disk_full": self.tr("Disk full: free some space, then syncing goes on"),
        }
        self.online_label.setText(labels.get(status, status))
        self.online_label.setToolTip(reason_text(reason))

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

    @Slot(list)
    def on_photos(self, person_ids: list[str]) -> None:
        """Photos arrived after the records: the screen draws its avatars again."""
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

    def tell(self, message: str) -> None:
        """A passing message, such as a write refused before it reached the outbox."""
        self.statusBar().showMessage(message, 8000)

    def refresh(self) -> None:
        self._update_rail()
        current = self.stack.currentWidget()
        if isinstance(current, View):
            current.refresh()
        self._dump_soon()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._dump_soon()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._dump_soon()  # where the controls are now

    def _dump_soon(self) -> None:
        """With KONTOR_SCREEN_DUMP set: a line once the screen has been laid out."""
        if self.dump is not None:
            dump = self.dump
            QTimer.singleShot(100, self, lambda: write_dump(self, dump))

    # -- keyboard --------------------------------------------------------------------

    def _build_keyboard(self) -> None:
        install_screen_keys(self, self.open_nth, len(SCREENS))
        for key, step in (("F6", 1), ("Shift+F6", -1)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, s=step: self.move_focus(s))
            self.addAction(action)

    def move_focus(self, step: int) -> None:
        """F6: the rail, then the current screen's regions, and round again."""
        current = self.stack.currentWidget()
        regions: list[QWidget] = [self.rail]
        if isinstance(current, View):
            regions += current.regions()
        move_between_regions(regions, step)

    # -- search ----------------------------------------------------------------------

    def _build_search(self) -> None:
        self.search = SearchPopup(self.ctx, self)
        action = QAction(self.tr("Search"), self)
        action.setShortcut(QKeySequence("Ctrl+K"))
        action.triggered.connect(self.search.open_search)
        self.addAction(action)

    # -- navigation ------------------------------------------------------------------

    def navigate(self, name: str, target: str = "") -> View:
        """The one way onto a screen: the rail (click or keys), links, search, the tray
        and shortcuts all come here.

        The screen is built on first use and re-reads the cache every time it is shown,
        so it shows what the cache holds now (offline too, and after a sync it missed
        while hidden); until then it still shows what it held when last visible. Then
        the target, if any, is opened (View.open_target says what it is per screen).
        """
        if not self.allowed(name):
            name = FIRST_SCREEN  # a screen this person no longer has (a role taken back)
        row = SCREEN_NAMES.index(name)
        view = self.views.get(name)
        built = view is None
        if view is None:
            try:
                kind = SCREENS[row].view()
            except ImportError:
                shown = self.stack.currentWidget()
                if not isinstance(shown, View):
                    raise  # nothing shown yet: there is no screen to stay on
                return self._stay_on(shown, row)
            view = self.views[name] = kind(self.ctx)
            self.stack.addWidget(view)
            self.rail.item(row).setText(view.title())
            view.refresh()  # filled before it is first shown, so it shows filled
        if self.rail.currentRow() != row:
            self._point_rail_at(row)  # we are already on our way there
        self.stack.setCurrentWidget(view)
        if self.ctx.settings.user is not None:
            self.ctx.settings.user.setValue(LAST_SCREEN_KEY, name)
        if not built:
            view.refresh()
        if target:
            view.open_target(target)
        self._dump_soon()
        return view

    def _stay_on(self, shown: View, row: int) -> View:
        """A screen's code could not be loaded: the app was updated (or damaged) on
        disk while it ran, and its first visit meets files of another version. The
        rail goes back to the screen still shown, and the person learns what to do."""
        log.exception("screen %s could not be loaded", SCREENS[row].name)
        self.tell(self.tr("Kontor was updated while it was running: restart Kontor to "
                          "open %1.").replace("%1", self.rail.item(row).text()))
        self._point_rail_at(SCREEN_NAMES.index(shown.name))
        return shown

    def _point_rail_at(self, row: int) -> None:
        """Mark a row as the current screen's without asking to open it."""
        self.rail.blockSignals(True)
        self.rail.setCurrentRow(row)
        self.rail.blockSignals(False)

    def _first_screen(self) -> str:
        user = self.ctx.settings.user
        left = str(user.value(LAST_SCREEN_KEY) or "") if user is not None else ""
        return left if left in SCREEN_NAMES and self.allowed(left) else FIRST_SCREEN

    def allowed(self, name: str) -> bool:
        """Whether this person has the screen (Community: community managers only)."""
        shown_if = SCREENS[SCREEN_NAMES.index(name)].shown_if
        return shown_if is None or shown_if(self.ctx.cache)

    def _update_rail(self) -> None:
        """Show or hide the screens that depend on what this person receives; leave one
        that went away (its view shows nothing any more) for the first screen. Each
        shown item's tooltip names its key (Ctrl+1 for the first one shown, ...)."""
        for row, screen in enumerate(SCREENS):
            if screen.shown_if is not None:
                shown = screen.shown_if(self.ctx.cache)
                self.rail.item(row).setHidden(not shown)
                if not shown and self.rail.currentRow() == row:
                    QTimer.singleShot(0, self, lambda: self.navigate(FIRST_SCREEN))
        number = 0
        for row in range(len(SCREENS)):
            item = self.rail.item(row)
            number += not item.isHidden()
            item.setToolTip(screen_key_text(number)
                            if not item.isHidden() and number <= 9 else "")

    def shown_screens(self) -> list[str]:
        """The screens the rail shows this person, in its order."""
        return [s.name for row, s in enumerate(SCREENS) if not self.rail.item(row).isHidden()]

    def open_nth(self, number: int) -> None:
        """Ctrl+<number>: the number-th screen the rail shows."""
        shown = self.shown_screens()
        if 1 <= number <= len(shown):
            self.navigate(shown[number - 1])

    def _on_rail_row(self, row: int) -> None:
        if 0 <= row < len(SCREENS):
            self.navigate(SCREENS[row].name)

    def _on_rail_selection(self) -> None:
        selected = self.rail.selectedItems()
        current = self.rail.currentItem()
        if not selected:  # the shown screen's item toggled off: it stays the one shown
            if current is not None:
                current.setSelected(True)
        elif selected[0] is not current:
            self._on_rail_row(self.rail.row(selected[0]))
