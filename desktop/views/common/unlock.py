"""The passphrase dialog, where no OS keyring keeps the key of the local data.

Three cases, one dialog:
- create: the first start; the passphrase is typed twice and must match.
- unlock: a wrong passphrase is said and tried again; nothing quits.
- lost: the key lived in a keyring that is gone or changed.
Each offers a way out, "Start afresh": the local copy is downloaded again; unsent posts
and the sign-in stay where the key still opens them (sync/session.start_afresh). A
forgotten passphrase then asks for a new one, twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from desktop.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Slot,
)

Mode = Literal["create", "unlock", "lost"]
Choice = Literal["", "unlock", "afresh"]


class UnlockDialog(QDialog):
    """After accept(): choice is "unlock" or "afresh", secret the passphrase to use
    ("" when the OS keyring keeps the new key)."""

    def __init__(self, mode: Mode, opens: Callable[[str], bool],
                 new_passphrase_needed: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.opens = opens
        self.new_passphrase_needed = new_passphrase_needed
        self.choice: Choice = ""
        self.secret = ""
        self._choosing_new = False
        self.setWindowTitle(self.tr("Kontor: your local data"))
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.confirmation = QLineEdit()
        self.confirmation.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirmation.setAccessibleName(self.tr("Repeat the passphrase"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("unlockMessage")
        self.message.setAccessibleName(self.tr("Message"))
        self.form = QFormLayout()
        self.form.addRow(self.tr("&Passphrase:"), self.passphrase)
        self.form.addRow(self.tr("&Repeat:"), self.confirmation)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(QDialogButtonBox.StandardButton.Ok)
        self.quit = self.buttons.addButton(self.tr("&Quit"),
                                           QDialogButtonBox.ButtonRole.RejectRole)
        self.afresh: QPushButton = self.buttons.addButton(
            self.tr("Start &afresh"), QDialogButtonBox.ButtonRole.ActionRole)
        self.afresh.setToolTip(self.tr(
            "Download your data again from the server. Unsent posts and your sign-in are "
            "kept where this passphrase still opens them."))
        self.ok.clicked.connect(self.submit)
        self.quit.clicked.connect(self.reject)
        self.afresh.clicked.connect(self.start_afresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._show_mode()

    def _show_mode(self) -> None:
        creating = self.mode == "create" or self._choosing_new
        fields = creating or self.mode == "unlock"
        if self.mode == "lost" and self.new_passphrase_needed:
            fields = creating = True
        self.form.setRowVisible(0, fields)
        self.form.setRowVisible(1, creating)
        self.afresh.setVisible(self.mode != "create" and not self._choosing_new)
        if self._choosing_new:
            self.explanation.setText(self.tr(
                "Choose a new passphrase for your local data and type it twice. Kontor "
                "then downloads your data again from the server."))
            self.ok.setText(self.tr("Start afresh"))
        elif self.mode == "create":
            self.explanation.setText(self.tr(
                "No keyring is available on this computer. Choose a passphrase that "
                "protects your local Kontor data and type it twice. You will need it "
                "every time Kontor starts."))
            self.ok.setText(self.tr("Protect"))
        elif self.mode == "unlock":
            self.explanation.setText(self.tr(
                "Enter the passphrase that protects your local Kontor data."))
            self.ok.setText(self.tr("Unlock"))
        else:
            self.explanation.setText(self.tr(
                "The key of your local Kontor data is no longer available: the keyring "
                "that held it was changed or emptied. Switch back to that keyring and "
                "start Kontor again, or start afresh: Kontor downloads your data again "
                "from the server, and you sign in again."))
            self.ok.hide()
            if self.new_passphrase_needed:
                self.explanation.setText(self.explanation.text() + "\n\n" + self.tr(
                    "No keyring is available now: choose a new passphrase and type it twice."))
        (self.passphrase if fields else self.afresh).setFocus()

    def _new_passphrase(self) -> str | None:
        """The passphrase typed twice, or None (and why) when it is empty or differs."""
        text = self.passphrase.text()
        if not text:
            self.message.setText(self.tr("Please enter a passphrase."))
            return None
        if text != self.confirmation.text():
            self.message.setText(self.tr("The two passphrases differ. Please type them again."))
            self.confirmation.clear()
            self.confirmation.setFocus()
            return None
        return text

    @Slot()
    def submit(self) -> None:
        if self.mode == "create" or self._choosing_new:
            text = self._new_passphrase()
            if text is not None:
                self._finish("afresh" if self._choosing_new else "unlock", text)
            return
        text = self.passphrase.text()
        if not text:
            self.message.setText(self.tr("Please enter your passphrase."))
        elif self.opens(text):
            self._finish("unlock", text)
        else:
            self.message.setText(self.tr(
                "This passphrase does not open your local data. Please try again."))
            self.passphrase.clear()
            self.passphrase.setFocus()

    @Slot()
    def start_afresh(self) -> None:
        """Keep the store when the typed passphrase opens it; else choose a new one."""
        if self.mode == "unlock" and self.passphrase.text() and self.opens(
                self.passphrase.text()):
            self._finish("afresh", self.passphrase.text())
            return
        if self.mode == "lost" and not self.new_passphrase_needed:
            self._finish("afresh", "")
            return
        if self.mode == "lost":
            text = self._new_passphrase()
            if text is not None:
                self._finish("afresh", text)
            return
        self._choosing_new = True
        self.message.setText("")
        self.passphrase.clear()
        self.confirmation.clear()
        self._show_mode()

    def _finish(self, choice: Choice, secret: str) -> None:
        self.choice, self.secret = choice, secret
        self.accept()
