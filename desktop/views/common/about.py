"""Help → About: which Kontor this is, where its updates come from, who manages it.

The version is what a support call asks first; the update channel is IT's
(update_channel_url in the managed settings), so people fetch new versions from where
IT publishes them and nowhere else; the managed note tells why some settings are greyed
out and where IT keeps them.
"""

from __future__ import annotations

import html
from importlib import metadata

from desktop.context import icon_path
from desktop.qt import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QIcon,
    QLabel,
    Qt,
    QVBoxLayout,
    QWidget,
)
from sync.policy.model import Policy


def kontor_version() -> str:
    """The installed distribution's version (a frozen bundle carries its metadata)."""
    try:
        return metadata.version("kontor")
    except metadata.PackageNotFoundError:
        return "?"


class AboutDialog(QDialog):
    def __init__(self, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Kontor"))
        logo = QLabel()
        logo.setPixmap(QIcon(icon_path("kontor")).pixmap(64, 64))
        version = self.tr("Version %1").replace("%1", kontor_version())
        self.title = QLabel("<h2>Kontor</h2>" + html.escape(version))
        self.title.setObjectName("aboutVersion")
        self.tagline = QLabel(self.tr("The company network that stays inside the company."))
        self.tagline.setWordWrap(True)
        self.updates = QLabel()
        self.updates.setObjectName("aboutUpdates")
        self.updates.setWordWrap(True)
        self.updates.setOpenExternalLinks(True)
        self.updates.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        channel = policy.update_channel_url
        if channel:
            link = f'<a href="{html.escape(channel)}">{html.escape(channel)}</a>'
            self.updates.setText(html.escape(self.tr("Updates: %1")).replace("%1", link))
        self.updates.setVisible(bool(channel))
        self.managed = QLabel()
        self.managed.setObjectName("aboutManaged")
        self.managed.setWordWrap(True)
        if policy.managed:
            self.managed.setText(self.tr("Some settings are managed by your IT department (%1).")
                                 .replace("%1", ", ".join(policy.origins)))
        self.managed.setVisible(policy.managed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        text = QVBoxLayout()
        for label in (self.title, self.tagline, self.updates, self.managed):
            text.addWidget(label)
        top = QHBoxLayout()
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)


def open_about(policy: Policy, parent: QWidget | None = None) -> AboutDialog:
    """Window-modal without a nested event loop, like the settings dialog."""
    dialog = AboutDialog(policy, parent)
    dialog.open()
    return dialog
