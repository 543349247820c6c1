"""Link-looking buttons, one kind for every screen that links to a person, position or how-to.

A button rather than a label link so that keyboard users reach it with Tab and press it
with Space; it only looks like a link.
"""

from __future__ import annotations

from desktop.qt import QPushButton, Qt, QWidget


class LinkButton(QPushButton):
    """A flat, link-looking button: reachable with Tab and Space, unlike a label link."""

    def __init__(self, text: str, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(accessible_name)
        self.setProperty("link", True)  # resources/kontor.qss: link colour, underlined on hover
