"""Sign-in: server address (managed or remembered), user name, password.

Each failure gets its own plain message; the dialog never blocks on the network (the
bridge answers with loginFinished).
"""

from __future__ import annotations

import socket

from desktop.bridge import SyncBridge
from desktop.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    Qt,
    QVBoxLayout,
    QWidget,
    Slot,
)
from desktop.settings import AppSettings


class LoginDialog(QDialog):
    def __init__(self, bridge: SyncBridge, settings: AppSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.settings = settings
        self.setWindowTitle(self.tr("Sign in to Kontor"))
        self.server = QLineEdit(str(settings.get("server_url") or ""))
        self.server.setPlaceholderText("https://kontor.example.com")
        self.server.setAccessibleName(self.tr("Server address"))
        # Room for a company's address as a whole, not its first half.
        self.server.setMinimumWidth(
            self.server.fontMetrics().horizontalAdvance("https://kontor.niederlassung-"
                                                        "hamburg.example.com:8443") + 24)
        if "server_url" in settings.locked:
            self.server.setReadOnly(True)
            self.server.setToolTip(self.tr("Set by your IT department"))
        self.username = QLineEdit()
        self.username.setAccessibleName(self.tr("User name"))
        self.username.setPlaceholderText(self.tr("first.last"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Sign-in message"))
        self.message.setObjectName("loginMessage")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Server:"), self.server)
        form.addRow(self.tr("&User name:"), self.username)
        form.addRow(self.tr("&Password:"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        bridge.loginFinished.connect(self.on_finished, Qt.ConnectionType.QueuedConnection)
        (self.username if self.server.text() else self.server).setFocus()

    @Slot()
    def submit(self) -> None:
        url, user, password = self.server.text().strip(), self.username.text().strip(), \
            self.password.text()
        if not url or not user or not password:
            self.message.setText(self.tr("Please fill in server, user name and password."))
            return
        self.message.setText(self.tr("Signing in…"))
        self.busy.show()
        self.buttons.setEnabled(False)
        self.bridge.login(url, user, password, f"Kontor on {socket.gethostname()}")

    @Slot(bool, str, str)
    def on_finished(self, ok: bool, code: str, detail: str) -> None:
        self.busy.hide()
        self.buttons.setEnabled(True)
        if ok:
            self.settings.set("server_url", self.server.text().strip())
            self.accept()
            return
        self.password.clear()
        self.password.setFocus()
        self.message.setText(self.explain(code, detail))

    def explain(self, code: str, detail: str) -> str:
        if code == "invalid_credentials":
            return self.tr("The user name or the password is wrong.")
        if code == "unreachable":
            return self.tr("The server cannot be reached. Check the address and your "
                           "network connection.")
        if code == "too_many_attempts":
            return self.tr("Too many failed attempts. Wait a minute and try again.")
        if code == "device_revoked":
            return self.tr("This device was signed out by your administrator.")
        if code == "signed_out":
            return self.tr("Your session has ended. Please sign in again.")
        if code == "address_refused":
            return detail  # the address was not even tried; detail says why
        if code == "certificate":
            return self.tr("The server's certificate is not trusted, so Kontor did not "
                           "send your password.") + "\n" + detail
        if code == "account_disabled":
            return self.tr("This account is disabled. Please contact your IT department.")
        return self.tr("Signing in failed: %1").replace("%1", detail or code)
