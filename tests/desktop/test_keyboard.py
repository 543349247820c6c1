"""The keyboard alone: Ctrl+1…8 open the rail's screens, F6 moves between the rail and
the regions of the screen shown, and the window fits the screen it opens on."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.app import Kontor
from desktop.mainwindow import SCREEN_NAMES


def active_window(qtbot: Any, kontor: Kontor) -> Any:
    window = kontor.window
    assert window is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    return window


def inside(region: Any) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is region or region.isAncestorOf(focused))


class TestScreenKeys:
    def test_ctrl_and_a_number_opens_that_screen_of_the_rail(
            self, kontor: Kontor, qtbot: Any) -> None:
        window = active_window(qtbot, kontor)
        # The n-th item the rail shows, whatever it hides for this person (Community).
        shown = [row for row in range(window.rail.count())
                 if not window.rail.item(row).isHidden()]
        assert len(shown) == 8  # this person is no community manager yet
        digits = [getattr(Qt.Key, f"Key_{n}") for n in range(1, 10)]
        for nth in (1, 4, 7, 0, 6, 2, 5, 3):  # every screen, not in the rail's order
            qtbot.keyClick(window, digits[nth], Qt.KeyboardModifier.ControlModifier)
            row = shown[nth]
            name = SCREEN_NAMES[row]
            qtbot.waitUntil(lambda n=name: n in window.views
                            and window.stack.currentWidget() is window.views[n])
            assert window.rail.currentRow() == row
            assert window.views[name].isVisible()
            assert window.rail.item(row).toolTip() == f"Ctrl+{nth + 1}"

    def test_the_rail_tells_each_screen_s_key(self, kontor: Kontor) -> None:
        window = kontor.window
        assert window is not None
        assert [window.rail.item(i).toolTip() for i in range(3)] == [
            "Ctrl+1", "Ctrl+2", "Ctrl+3"]


class TestRegions:
    def test_f6_goes_from_the_rail_to_the_list_to_the_card_and_round(
            self, kontor: Kontor, qtbot: Any) -> None:
        window = active_window(qtbot, kontor)
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        people = window.views["people"]
        qtbot.waitUntil(lambda: window.stack.currentWidget() is people)
        window.rail.setFocus()
        qtbot.waitUntil(window.rail.hasFocus)
        list_region, card_region = people.regions()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        qtbot.waitUntil(lambda: inside(list_region))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        qtbot.waitUntil(lambda: inside(card_region))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        qtbot.waitUntil(window.rail.hasFocus)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6,
                       Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda: inside(card_region))

    def test_from_deep_in_the_feed_f6_gets_back_to_the_navigation(
            self, kontor: Kontor, qtbot: Any) -> None:
        window = active_window(qtbot, kontor)
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        feed = window.views["feed"]
        qtbot.waitUntil(lambda: window.stack.currentWidget() is feed
                        and len(feed.posts.cards) > 3)
        card = list(feed.posts.cards.values())[2]
        card.comments_button.setFocus()
        qtbot.waitUntil(card.comments_button.hasFocus)
        qtbot.keyClick(card.comments_button, Qt.Key.Key_F6)
        qtbot.waitUntil(window.rail.hasFocus)
        qtbot.keyClick(window.rail, Qt.Key.Key_F6)
        qtbot.waitUntil(lambda: inside(feed.compose))


def test_the_window_opens_no_larger_than_the_screen(kontor: Kontor) -> None:
    window = kontor.window
    assert window is not None
    free = window.screen().availableGeometry()
    assert free.width() < 1200  # the test screen is smaller than the preferred size
    frame = window.frameGeometry()
    assert frame.width() <= free.width() and frame.height() <= free.height()
    assert free.contains(window.geometry().topLeft())
