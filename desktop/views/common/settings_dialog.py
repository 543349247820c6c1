"""Settings: language, appearance (light, dark or the system's), start minimised,
notifications.

What IT set in the managed configuration and locked is shown, greyed out, with the
reason, so nobody wonders why a box will not tick. The language is read once at start
(translators are installed before any window exists), hence the restart note.
"""

from __future__ import annotations

from desktop.qt import (
    QApplication,
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
from desktop.style import APPEARANCE_KEY, apply_style, chosen_appearance


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
        self.appearance = QComboBox()
        self.appearance.setAccessibleName(self.tr("Appearance"))
        for label, code in ((self.tr("Like the system"), "system"), (self.tr("Light"), "light"),
                            (self.tr("Dark"), "dark")):
            self.appearance.addItem(label, code)
        self.appearance.setCurrentIndex(
            max(self.appearance.findData(chosen_appearance(settings.user)), 0))
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
        appearance_label = QLabel(self.tr("&Appearance:"))
        appearance_label.setBuddy(self.appearance)
        form.addRow(appearance_label, self.appearance)
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
        appearance = str(self.appearance.currentData())
        if appearance != chosen_appearance(self.settings.user):
            if self.settings.user is not None:
                self.settings.user.setValue(APPEARANCE_KEY, appearance)
            app = QApplication.instance()
            if isinstance(app, QApplication):  # the new scheme shows at once
                apply_style(app, appearance)
        super().accept()


def open_settings(settings: AppSettings, parent: QWidget | None = None) -> SettingsDialog:
    """Show the dialog window-modal without blocking (no nested event loop)."""
    dialog = SettingsDialog(settings, parent)
    dialog.setObjectName("settingsDialog")
    dialog.open()
    return dialog
