"""The shape of a screen: built from a ViewContext, refreshed after each sync."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.context import ViewContext


class View(QWidget):
    #: key used by the navigation rail and show_screen()
    name = "view"

    def __init__(self, ctx: ViewContext) -> None:
        super().__init__()
        self.ctx = ctx

    def title(self) -> str:
        return self.name

    def refresh(self) -> None:
        """Re-read from the cache (after a sync or a local write). Must be cheap."""
