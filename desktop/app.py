"""The composition root: kontor [--profile DIR] starts the desktop app.

Order matters: settings and translations first, then the profile (its key may need a
passphrase: the unlock dialog, desktop/views/common/unlock.py, on the GUI thread), then
the sync worker; the windows come when the worker reports that the cache is open. A key
that is gone (keyring changed or emptied) brings the same dialog back with its way out,
Start afresh.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import keyring

from desktop.bridge import SyncBridge
from desktop.context import ViewContext, icon_path
from desktop.i18n import install_translations
from desktop.qt import (
    QApplication,
    QIcon,
    QMessageBox,
    QObject,
    Qt,
    Slot,
    guard_none_refcount,
)
from desktop.settings import AppSettings
from desktop.style import apply_style, chosen_appearance, follow_system_scheme
from sync.cache.errors import CacheError
from sync.cache.write.state import get_sync_state
from sync.keys import KeyStoreError, keyring_usable
from sync.policy.errors import PolicyError
from sync.session import ProfileSession

if TYPE_CHECKING:  # both are imported when first shown, after the cache is open
    from desktop.mainwindow import MainWindow
    from desktop.views.common.login import LoginDialog
    from desktop.views.common.unlock import UnlockDialog

log = logging.getLogger("kontor.desktop")

class Kontor(QObject):
    """Holds the app's parts together; tests build it directly."""

    def __init__(self, profile_dir: Path | None, settings: AppSettings | None = None,
                 interactive: bool = True) -> None:
        super().__init__()
        self.none_reserve = guard_none_refcount(self)  # see desktop/qt.py
        self.settings = settings or AppSettings.load()
        self.interactive = interactive
        # IT may require the keyring: then no prompt, the worker says why it cannot open.
        policy = self.settings.policy
        self._secret = ""  # the passphrase the unlock dialog took, where no keyring is
        self.session = ProfileSession.open(
            profile_dir, None if policy.require_os_keyring else self._passphrase, policy)
        self.bridge = SyncBridge(self.session)
        self.unlock_dialog: UnlockDialog | None = None
        self.afresh_note = ""
        self._worker_started = False
        self.window: MainWindow | None = None
        self.login_dialog: LoginDialog | None = None
        self.problem = ""
        self.recovery_note = ""
        self.bridge.ready.connect(self.on_ready, Qt.ConnectionType.QueuedConnection)
        self.bridge.failed.connect(self.on_failed, Qt.ConnectionType.QueuedConnection)
        self.bridge.statusChanged.connect(self.on_status, Qt.ConnectionType.QueuedConnection)
        self.bridge.keyLost.connect(self.on_key_lost, Qt.ConnectionType.QueuedConnection)

    def _passphrase(self) -> str:
        return self._secret

    def start(self) -> None:
        """Open the profile; where a passphrase is needed, the dialog comes first."""
        mode = self._unlock_mode()
        if mode is not None:
            self.open_unlock(mode)
            return
        self._start_worker()

    def _unlock_mode(self) -> str | None:
        if self.settings.policy.require_os_keyring or os.environ.get("KONTOR_PASSPHRASE"):
            return None
        source = self.session.keystore.key_source
        usable = keyring_usable(keyring.get_keyring())
        if source == "passphrase":
            return "unlock"
        if not usable:
            return "create" if source is None else "lost"
        return None

    def open_unlock(self, mode: str) -> None:
        from desktop.views.common.unlock import UnlockDialog

        self.unlock_dialog = UnlockDialog(
            mode, self.session.keystore.opens,  # type: ignore[arg-type]
            new_passphrase_needed=not keyring_usable(keyring.get_keyring()))
        self.unlock_dialog.accepted.connect(self.on_unlocked)
        self.unlock_dialog.rejected.connect(self.on_unlock_refused)
        self.unlock_dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.unlock_dialog.show()

    @Slot()
    def on_unlocked(self) -> None:
        dialog = self.unlock_dialog
        assert dialog is not None
        self._secret = dialog.secret
        if dialog.choice == "afresh" and not self._start_afresh():
            return
        self._start_worker()

    @Slot()
    def on_unlock_refused(self) -> None:
        self.problem = "quit"
        if self.interactive:
            QApplication.exit(0)

    @Slot()
    def on_key_lost(self) -> None:
        """The key went with its keyring: say so in the user's language, offer a way out."""
        self.open_unlock("lost")

    def _start_afresh(self) -> bool:
        """A new replica from the server, the store kept where the key opens it."""
        try:
            done = self.session.start_afresh()
        except (CacheError, KeyStoreError) as exc:
            self.on_failed(exc.user_message)
            return False
        finally:
            self.session.close()  # the worker opens its own connection
        tr = QApplication.translate
        if done.kept_store:
            self.afresh_note = tr("Kontor", "Your local data is downloaded again from the "
                                  "server. Your unsent posts and your sign-in were kept.")
        else:
            self.afresh_note = tr("Kontor", "Kontor started afresh with a new key. Please "
                                  "sign in again.")
            if done.store_aside is not None:
                self.afresh_note += " " + tr(
                    "Kontor", "The file with your unsent posts and your sign-in was kept "
                    "as %1; only the old key opens it.").replace("%1", done.store_aside.name)
        return True

    def _start_worker(self) -> None:
        if self._worker_started:
            self.bridge.restart()
            return
        self._worker_started = True
        self.bridge.start()
        # While the worker derives the key and opens the cache (scrypt and SQLCipher let
        # go of the GIL), load the window's code (and with it every screen's) instead of
        # waiting idle.
        import desktop.mainwindow  # noqa: F401

    def stop(self) -> None:
        self.bridge.stop()
        self._dispose_window()

    def _dispose_window(self) -> None:
        """Close the window; its reader closes only when the window is gone, so signals
        already queued for it still find an open connection."""
        window, self.window = self.window, None
        if window is None:
            return
        reader = window.ctx.cache
        window.destroyed.connect(reader.close)
        window.close()
        window.deleteLater()

    @Slot(bool, str)
    def on_ready(self, signed_in: bool, recovery: str) -> None:
        recovery = "\n\n".join(filter(None, (self.afresh_note, recovery)))
        self.afresh_note = ""
        self.recovery_note = recovery
        if recovery and self.interactive:
            QMessageBox.information(None, "Kontor", recovery)
        if signed_in:
            self.open_main_window()
        else:
            self.open_login()

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.problem = message
        if self.interactive:
            QMessageBox.critical(None, "Kontor", message)
            QApplication.exit(4)

    @Slot(str, str)
    def on_status(self, status: str, detail: str) -> None:
        """A revoked device or an ended session goes back to the sign-in dialog."""
        if status not in ("revoked", "signed_out") or self.window is None:
            return
        self._dispose_window()
        self.open_login(status)

    def open_login(self, reason: str = "") -> None:
        from desktop.views.common.login import LoginDialog

        self.login_dialog = LoginDialog(self.bridge, self.settings)
        if reason:
            self.login_dialog.message.setText(self.login_dialog.explain(
                "device_revoked" if reason == "revoked" else "signed_out", ""))
        self.login_dialog.accepted.connect(self.open_main_window)
        self.login_dialog.rejected.connect(QApplication.quit)
        self.login_dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.login_dialog.show()

    @Slot()
    def open_main_window(self) -> None:
        from desktop.mainwindow import MainWindow

        if self.window is not None:
            return
        reader = self.session.open_reader()
        ctx = ViewContext(cache=reader, bridge=self.bridge, settings=self.settings,
                          navigator=None,  # type: ignore[arg-type] # the window, next line
                          me=get_sync_state(reader).person_id)
        self.window = MainWindow(ctx)
        if self.settings.get("start_minimised"):
            self.window.showMinimized()
        else:
            self.window.show()


def load_settings() -> AppSettings | None:
    """The settings with IT's policy, or None once the user has been told that the
    policy cannot be read: Kontor never runs unmanaged because IT's file is broken."""
    try:
        return AppSettings.load()
    except PolicyError as exc:
        QMessageBox.critical(None, QApplication.translate("Kontor", "Kontor"), exc.user_message)
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kontor", description="Kontor desktop app")
    parser.add_argument("--profile", type=Path, help="profile directory (or $KONTOR_PROFILE)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Kontor")
    app.setOrganizationName("Kontor")
    app.setWindowIcon(QIcon(icon_path("kontor")))
    settings = load_settings()
    if settings is None:
        return 1
    install_translations(app, str(settings.get("language")))
    apply_style(app, chosen_appearance(settings.user))
    follow_system_scheme(app, settings.user)
    kontor = Kontor(args.profile, settings)
    app.aboutToQuit.connect(kontor.stop)
    kontor.start()
    code = app.exec()
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
