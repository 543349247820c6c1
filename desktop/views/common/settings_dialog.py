"""Settings: language, start minimised, notifications.

What IT set in the managed configuration and locked is shown, greyed out, with the
reason, so nobody wonders why a box will not tick. The language is read once at start
(translators are installed before any window exists), hence the restart note.
"""

from __future__ import annotations

from desktop.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
    Slot,
)
from desktop.settings import AppSettings


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Kontor settings"))
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        # Language names in their own language: whoever cannot read the current one
        # still finds theirs.
        for label, code in ((self.tr("System language"), "system"), ("Deutsch", "de"),
                            ("English", "en")):
            self.language.addItem(label, code)
        index = self.language.findData(str(settings.get("language")))
        self.language.setCurrentIndex(max(index, 0))
        self.restart_note = QLabel(self.tr("A new language applies after Kontor restarts."))
        self.restart_note.setWordWrap(True)
        self.restart_note.setObjectName("restartNote")
        self.start_minimised = QCheckBox(self.tr("Start &minimised"))
        self.start_minimised.setAccessibleName(self.tr("Start minimised"))
        self.start_minimised.setChecked(bool(settings.get("start_minimised")))
        self.notifications = QCheckBox(self.tr("Show &notifications for mentions and replies"))
        self.notifications.setAccessibleName(self.tr("Notifications"))
        self.notifications.setChecked(bool(settings.get("notifications")))
        self.controls: dict[str, QWidget] = {
            "language": self.language,
            "start_minimised": self.start_minimised,
            "notifications": self.notifications,
        }
        for key, control in self.controls.items():
            if key in settings.locked:
                control.setEnabled(False)
                control.setToolTip(self.tr("Set by your IT department"))
        form = QFormLayout()
        language_label = QLabel(self.tr("&Language:"))
        language_label.setBuddy(self.language)
        form.addRow(language_label, self.language)
        form.addRow("", self.restart_note)
        form.addRow("", self.start_minimised)
        form.addRow("", self.notifications)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def values(self) -> dict[str, str | bool]:
        return {
            "language": str(self.language.currentData()),
            "start_minimised": self.start_minimised.isChecked(),
            "notifications": self.notifications.isChecked(),
        }

    @Slot()
    def accept(self) -> None:
        """Store what changed; AppSettings itself refuses locked keys."""
        for key, value in self.values().items():
            if key not in self.settings.locked and value != self.settings.get(key):
                self.settings.set(key, value)
        super().accept()


def open_settings(settings: AppSettings, parent: QWidget | None = None) -> SettingsDialog:
    """Show the dialog window-modal without blocking (no nested event loop)."""
    dialog = SettingsDialog(settings, parent)
    dialog.setObjectName("settingsDialog")
    dialog.open()
    return dialog
