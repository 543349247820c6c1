"""The shape of a screen: built from a ViewContext, filled by refresh() whenever it is
shown (MainWindow.navigate) and after each sync while it is the current one."""

from __future__ import annotations

from desktop.context import ViewContext
from desktop.qt import QSplitter, QWidget


class View(QWidget):
    #: key used by the navigation rail and navigate()
    name = "view"

    def __init__(self, ctx: ViewContext) -> None:
        super().__init__()
        self.ctx = ctx

    def title(self) -> str:
        return self.name

    def describe(self) -> dict[str, object]:
        """What the screen shows, in numbers and words (desktop/diagnostics.py)."""
        return {}

    def regions(self) -> list[QWidget]:
        """The parts F6 moves between (desktop/keyboard.py): by default the panes of the
        screen's splitter (a list and its detail), else the whole screen."""
        splitter = self.findChild(QSplitter)
        if splitter is not None and splitter.count() > 1:
            panes = (splitter.widget(i) for i in range(splitter.count()))
            return [pane for pane in panes if pane is not None]
        return [self]

    def refresh(self) -> None:
        """Re-read from the cache (when shown, after a sync or a local write). Must be
        cheap, and must keep what the user is typing or has selected."""

    def open_target(self, target: str) -> None:
        """Show one record on this screen, after refresh(): navigate(name, target).

        Each screen says what its target is (People: a person id, Spaces: a space id,
        Feed: a post id, Org chart: a position id, Who does what: a topic); a screen
        without one ignores it."""
