"""Started with the Python of an installed Kontor (a venv, never the checkout): runs the
real `kontor` entry point, desktop.app.main(), up to the first window a user sees, and
prints what that window shows as one JSON line.

The only addition to the real start-up is a look at the screen once the event loop runs:
QApplication is subclassed so its exec() first schedules that look.
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

import desktop.app

PATIENCE_S = 60


class LookingApplication(QApplication):
    def exec(self) -> int:  # type: ignore[override]
        self.started = time.monotonic()
        QTimer.singleShot(0, self.look)
        return super().exec()

    def look(self) -> None:
        dialogs = [w for w in self.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
        if not dialogs and time.monotonic() - self.started < PATIENCE_S:
            QTimer.singleShot(100, self.look)
            return
        icon = self.windowIcon()
        print(json.dumps({
            "desktop_module": desktop.app.__file__,
            "window_titles": [w.windowTitle() for w in dialogs],
            "app_icon_drawn": not icon.pixmap(64, 64).isNull(),
            "language": self.property("kontor_language"),
        }), flush=True)
        self.exit(0)


setattr(desktop.app, "QApplication", LookingApplication)  # noqa: B010 - replaces the app class
sys.exit(desktop.app.main(sys.argv[1:]))
