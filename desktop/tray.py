"""The tray icon and notifications for mentions and replies.

After each sync that brought changes, the cache is asked what mentions the signed-in
person or answers one of their posts since the last notification; the time of the
newest one told is kept in QSettings per person, so a restart does not repeat old
news. A first start begins from now instead of announcing the whole history. With
notifications switched off the time still moves on, so switching them on later does
not bring a flood either.

Handovers are told the same way, with a watermark of their own (the time the server
applied them): a counterpart hears who their job contact is now, and a successor that
a position is theirs, with the handover digest one click away.
"""

from __future__ import annotations

from desktop.context import ViewContext, icon_path
from desktop.qt import (
    QAction,
    QApplication,
    QIcon,
    QMainWindow,
    QMenu,
    QObject,
    QSettings,
    QSystemTrayIcon,
    Qt,
    Slot,
)
from sync import protocol as p
from sync.cache.read.handover import get_handover, handovers_for
from sync.cache.read.notify import ContactNotice, Notice, contact_notices, mentions_and_replies
from sync.cache.read.people import get_person, get_position
from sync.protocol import now_ms

MESSAGE_MS = 8000


class TrayNotifier(QObject):
    def __init__(self, ctx: ViewContext, window: QMainWindow) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.store = ctx.settings.user if ctx.settings.user is not None else QSettings()
        self.latest_post_id: str | None = None
        self.latest_person_id: str | None = None  # a contact notice opens the new holder
        self.latest_digest_id: str | None = None  # a successor's notice opens the digest
        self.icon: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon = self._build_icon()
        if ctx.me and self.last_notified() is None:
            self.set_last_notified(now_ms())
        if ctx.me and self.last_notified(self._handover_key()) is None:
            self.set_last_notified(now_ms(), self._handover_key())
        ctx.bridge.synced.connect(self.on_synced, Qt.ConnectionType.QueuedConnection)

    def _build_icon(self) -> QSystemTrayIcon:
        icon = QSystemTrayIcon(QIcon(icon_path("kontor")), self)
        icon.setToolTip("Kontor")
        # The menu is a top-level widget: owned here by Python, freed with the notifier.
        self.menu = QMenu()
        for text, slot in ((self.tr("&Open Kontor"), self.open_window),
                           (self.tr("&Sync now"), self.ctx.bridge.sync_now),
                           (self.tr("&Quit"), QApplication.quit)):
            action = QAction(text, self.menu)
            action.triggered.connect(slot)
            self.menu.addAction(action)
        icon.setContextMenu(self.menu)
        icon.activated.connect(self.on_activated)
        icon.messageClicked.connect(self.open_latest)
        icon.show()
        return icon

    # -- the watermark -------------------------------------------------------------------

    def _key(self) -> str:
        return f"notifications/{self.ctx.me}/last_at"

    def _handover_key(self) -> str:
        return f"notifications/{self.ctx.me}/handovers_at"

    def last_notified(self, key: str | None = None) -> int | None:
        value = self.store.value(key or self._key())
        try:
            return None if value is None else int(str(value))
        except (TypeError, ValueError):
            return None

    def set_last_notified(self, at: int, key: str | None = None) -> None:
        self.store.setValue(key or self._key(), at)
        self.store.sync()

    # -- after a sync --------------------------------------------------------------------

    @Slot(int, int)
    def on_synced(self, applied: int, at: int) -> None:
        if applied:
            self.check()
            self.check_handovers()

    def check(self) -> list[Notice]:
        """Tell about what is new; returns the notices found (told or not)."""
        me = self.ctx.me
        if not me:
            return []
        notices = mentions_and_replies(self.ctx.cache, me, self.last_notified() or 0)
        if not notices:
            return []
        self.set_last_notified(max(n.at for n in notices))
        if self.ctx.settings.get("notifications"):
            self.latest_post_id = notices[0].post_id
            self.latest_person_id = self.latest_digest_id = None
            self.notify(*self.message_for(notices))
        return notices

    def message_for(self, notices: list[Notice]) -> tuple[str, str]:
        """Title and text: one notice in full, several counted with the newest shown."""
        newest = notices[0]
        author = get_person(self.ctx.cache, newest.author_id)
        name = author.display_name if author else self.tr("Someone")
        if len(notices) > 1:
            title = self.tr("%n new mentions and replies", "", len(notices))
            return title, f"{name}: {newest.text_excerpt}"
        if newest.kind == "mention":
            title = self.tr("%1 mentioned you").replace("%1", name)
        else:
            title = self.tr("%1 replied to your post").replace("%1", name)
        return title, newest.text_excerpt

    def check_handovers(self) -> list[ContactNotice | p.Handover]:
        """Tell about job contacts that changed hands and positions handed to me."""
        me = self.ctx.me
        if not me:
            return []
        cache, key = self.ctx.cache, self._handover_key()
        since = self.last_notified(key) or 0
        mine: list[ContactNotice | p.Handover] = [
            h for h in handovers_for(cache, me)
            if h.state == "done" and h.updated_at > since]
        found = mine + list(contact_notices(cache, me, since))
        if not found:
            return []
        self.set_last_notified(max(n.updated_at if isinstance(n, p.Handover) else n.at
                                   for n in found), key)
        if self.ctx.settings.get("notifications"):
            self.latest_post_id = None
            self.notify(*self.handover_message(found))
        return found

    def handover_message(self, found: list[ContactNotice | p.Handover]) -> tuple[str, str]:
        """A new job of mine comes first; else the newest contact change, others counted."""
        cache = self.ctx.cache
        for handover in found:
            if isinstance(handover, p.Handover):
                position = get_position(cache, handover.position_id)
                before = get_person(cache, handover.from_person_id or "")
                self.latest_digest_id, self.latest_person_id = handover.position_id, None
                title = self.tr("You now hold %1").replace(
                    "%1", position.title if position else self.tr("a new position"))
                text = (self.tr("Handed over by %1. Open to see your key contacts.")
                        .replace("%1", before.display_name) if before
                        else self.tr("Open to see your key contacts."))
                return title, text
        notices = [n for n in found if isinstance(n, ContactNotice)]
        newest = notices[0]
        self.latest_person_id, self.latest_digest_id = newest.successor_id, None
        successor = get_person(cache, newest.successor_id)
        position = get_position(cache, newest.position_id)
        handed = get_handover(cache, newest.handover_id)
        before = get_person(cache, handed.from_person_id or "") if handed else None
        text = (self.tr("%1 is now your contact for %2 (successor of %3)")
                .replace("%1", successor.display_name if successor else self.tr("Someone new"))
                .replace("%2", position.title if position else "")
                .replace("%3", before.display_name if before else self.tr("nobody")))
        if len(notices) > 1:
            return self.tr("%n job contacts changed hands", "", len(notices)), text
        return self.tr("Your job contact changed"), text

    def notify(self, title: str, text: str) -> None:
        if self.icon is not None:
            self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information,
                                  MESSAGE_MS)

    # -- from the tray -------------------------------------------------------------------

    @Slot(QSystemTrayIcon.ActivationReason)
    def on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.open_window()

    @Slot()
    def open_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    @Slot()
    def open_latest(self) -> None:
        self.open_window()
        if self.latest_post_id:
            self.ctx.navigator.navigate("feed", self.latest_post_id)
        elif self.latest_digest_id:
            from desktop.views.start.digest import open_digest

            self.digest_window = open_digest(self.ctx, self.latest_digest_id, self.window)
        elif self.latest_person_id:
            self.ctx.navigator.navigate("people", self.latest_person_id)
