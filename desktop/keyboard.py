"""The keyboard's ways around the window: Ctrl+1…8 open the rail's screens in its
order, F6 and Shift+F6 move between the window's regions (the rail, then each region of
the current screen: a list and its detail, the compose box and the posts), so nobody has
to Tab through every post card to get back to the navigation.

A shortcut goes through MainWindow.navigate, the one way onto a screen, like a click.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop.qt import QAction, QApplication, QKeySequence, Qt, QWidget

MAX_FOCUS_STEPS = 2000  # a screen's focus chain is far shorter; the loop never spins


def install_screen_keys(window: QWidget, open_nth: Callable[[int], object],
                        count: int = 9) -> list[QAction]:
    """Ctrl+<n> for the n-th screen the rail shows (1 to 9): the numbers follow what this
    person sees, so a screen only some people have never shifts the others' keys away
    from their place in the rail."""
    actions = []
    for number in range(1, min(count, 9) + 1):
        action = QAction(window)
        action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False, n=number: open_nth(n))
        window.addAction(action)
        actions.append(action)
    return actions


def screen_key_text(number: int) -> str:
    """"Ctrl+1" as this system and language write it ("Strg+1" in German)."""
    return QKeySequence(f"Ctrl+{number}").toString(QKeySequence.SequenceFormat.NativeText)


def focus_into(region: QWidget) -> bool:
    """Give the keyboard to the region, or to the first control inside it that takes
    focus with Tab; False when it holds none (hidden, disabled, empty)."""
    def takes_focus(widget: QWidget) -> bool:
        return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
                and widget.isVisible() and widget.isEnabled())

    if takes_focus(region):
        region.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True
    widget = region.nextInFocusChain()
    for _ in range(MAX_FOCUS_STEPS):
        if widget is None or widget is region:
            break
        if region.isAncestorOf(widget) and takes_focus(widget):
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        widget = widget.nextInFocusChain()
    return False


def move_between_regions(regions: Sequence[QWidget], step: int) -> QWidget | None:
    """From the region that holds the focus to the next one (step 1) or the previous
    one (step -1) that can take it; returns the region that has it now."""
    shown = [region for region in regions if region.isVisible()]
    if not shown:
        return None
    focused = QApplication.focusWidget()
    current = next((i for i, region in enumerate(shown)
                    if focused is not None
                    and (focused is region or region.isAncestorOf(focused))), -1)
    if current == -1 and step < 0:
        current = 0
    for offset in range(1, len(shown) + 1):
        region = shown[(current + offset * step) % len(shown)]
        if focus_into(region):
            return region
    return None
