"""KONTOR_SCREEN_DUMP=FILE: what the window shows, one JSON line per change, for support
and for the real-window test (tests/desktop/test_real_window.py).

With the variable set, the main window appends a line to FILE each time a screen is
shown or refreshed: the screen's name, what it shows (View.describe: counts and the
words a person reads) and where the navigation rail's items and the screen's named
controls are on the screen, so a script can click them as a person does (xdotool).
Without it, nothing is written and nothing differs: the line is written after the
screen has been shown, from what it shows; it reads no more from the cache than the
screen already did.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.qt import QApplication, QLineEdit, QPlainTextEdit, QPushButton, Qt, QTabBar, QWidget

if TYPE_CHECKING:
    from desktop.mainwindow import MainWindow

DUMP_ENV = "KONTOR_SCREEN_DUMP"


def dump_path() -> Path | None:
    value = os.environ.get(DUMP_ENV, "")
    return Path(value) if value else None


def describe_window(window: MainWindow) -> dict[str, object]:
    rail = window.rail
    items: dict[str, list[int]] = {}
    for row in range(rail.count()):
        item = rail.item(row)
        if item.isHidden():  # a screen this person does not have (Community)
            continue
        rect = rail.visualItemRect(item)
        centre = rail.viewport().mapToGlobal(rect.center())
        items[str(item.data(Qt.ItemDataRole.UserRole))] = [centre.x(), centre.y()]
    current = window.stack.currentWidget()
    name = next((key for key, view in window.views.items() if view is current), "")
    shows = window.views[name].describe() if name else {}
    places = controls(window.views[name]) if name else {}
    focus = QApplication.focusWidget()
    frame = window.geometry()
    app = QApplication.instance()
    return {"screen": name, "window": [frame.x(), frame.y(), frame.width(), frame.height()],
            "scheme": str(app.property("kontor_scheme") or "") if app is not None else "",
            "shows": shows, "rail": items, "controls": places,
            "visible": window.isVisible(), "status": window.online_label.text(),
            "focus": focus.accessibleName() or focus.objectName() if focus else ""}


def controls(screen: QWidget) -> dict[str, list[int]]:
    """The screen's visible named controls (buttons, text fields, tabs): where to click."""
    found: dict[str, list[int]] = {}
    for widget in screen.findChildren(QWidget):
        if not widget.isVisible() or widget.visibleRegion().isEmpty():
            continue  # hidden, or scrolled out of sight: not where a click would land
        if isinstance(widget, QTabBar):
            for index in range(widget.count()):
                centre = widget.mapToGlobal(widget.tabRect(index).center())
                found[f"tab:{widget.tabText(index).replace('&', '')}"] = [centre.x(), centre.y()]
        elif isinstance(widget, QPushButton | QLineEdit | QPlainTextEdit):
            name = widget.accessibleName()
            if name and name not in found:
                centre = widget.mapToGlobal(widget.rect().center())
                found[name] = [centre.x(), centre.y()]
    return found


def write_dump(window: MainWindow, path: Path) -> None:
    line = json.dumps(describe_window(window), ensure_ascii=False)
    with path.open("a", encoding="utf-8") as out:
        out.write(line + "\n")
