"""The navigation rail: a person clicks a screen and sees what the cache holds, online
and after a restart without the server; a screen reached again keeps what it showed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.app import Kontor
from desktop.mainwindow import SCREEN_NAMES
from desktop.settings import AppSettings
from sync.cache.read.people import get_person
from tests.desktop.conftest import RunningServer, click_rail, rail_names, start_app


def shows_cache_content(window: Any) -> dict[str, Callable[[Any], bool]]:
    """Per screen: what a person sees there once the demo company is in the cache."""
    me = get_person(window.ctx.cache, window.ctx.me)
    assert me is not None
    return {
        "start": lambda view: view.greeting.text().endswith(me.given_name)
        and view.sections["team"].isVisibleTo(view),
        "feed": lambda view: view.model.rowCount() > 0 and len(view.posts.cards) > 0
        and not view.posts.empty.isVisibleTo(view) and view.compose.spaces.count() > 0,
        "people": lambda view: view.model.rowCount() > 0 and view.card.person is not None,
        "who": lambda view: view.hint.text() != "" and view.topic.isEnabled(),
        "org": lambda view: view.model.rowCount() > 0 and view.heading.text() != ""
        and len(view.scene.seat_items()) > 0,
        "spaces": lambda view: view.space_list.count() > 0,
        # this demo server never computed hubs: the screen says so, from the cache
        "hubs": lambda view: view.data is not None and view.data.run is None
        and view.status.text().startswith("No results yet"),
        "me": lambda view: view.heading.text() == me.display_name
        and view.connections.rowCount() > 0,
    }


def click_through_the_rail(window: Any) -> None:
    expected = shows_cache_content(window)
    # no figures without a computation: Community is not in the rail even for its manager
    assert rail_names(window) == [n for n in SCREEN_NAMES if n != "community"]
    assert set(expected) == set(rail_names(window))
    for name in rail_names(window):
        view = click_rail(window, name)
        assert expected[name](view), f"{name} shows nothing from the cache"
        assert window.rail.currentItem().data(Qt.ItemDataRole.UserRole) == name


class TestRail:
    def test_every_screen_shows_the_cache_when_clicked_online_and_after_an_offline_restart(
        self, qtbot, server: RunningServer, synced_profile: Path,  # type: ignore[no-untyped-def]
        settings: AppSettings,
    ) -> None:
        app = start_app(qtbot, synced_profile, settings)
        try:
            click_through_the_rail(app.window)
        finally:
            app.stop()
        server.stop()
        app = start_app(qtbot, synced_profile, settings)
        try:
            qtbot.waitUntil(lambda: app.window.online_label.text().startswith("Offline"),
                            timeout=10_000)
            click_through_the_rail(app.window)
        finally:
            app.stop()

    def test_the_keyboard_on_the_rail_opens_the_screen_below(self, kontor: Kontor) -> None:
        window = kontor.window
        assert window is not None
        rail = window.rail
        rail.setFocus()
        QTest.keyClick(rail, Qt.Key.Key_Down)  # from Start here down to Feed
        feed = window.views["feed"]
        assert window.stack.currentWidget() is feed
        assert feed.model.rowCount() > 0 and feed.compose.spaces.count() > 0

    def test_a_screen_reached_again_keeps_what_it_showed(self, kontor: Kontor) -> None:
        window = kontor.window
        assert window is not None
        feed = click_rail(window, "feed")
        cards = dict(feed.posts.cards)
        assert cards
        click_rail(window, "people")
        assert feed.posts.cards == cards  # kept while hidden: no flash of an empty list
        assert click_rail(window, "feed") is feed
        assert feed.posts.cards == cards  # nothing changed, so the same cards

    def test_selecting_an_item_as_a_screen_reader_does_opens_its_screen(  # type: ignore[no-untyped-def]
        self, qtbot, kontor: Kontor,
    ) -> None:
        # AT-SPI's Toggle action on a rail item selects it without making it current.
        window = kontor.window
        assert window is not None
        rail = window.rail
        row = next(i for i in range(rail.count())
                   if rail.item(i).data(Qt.ItemDataRole.UserRole) == "people")
        rail.item(row).setSelected(True)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.views.get("people"))
        assert rail.currentRow() == row
        # Toggled off again, the shown screen's item stays selected: the rail never
        # shows no screen at all.
        rail.item(row).setSelected(False)
        qtbot.waitUntil(lambda: rail.item(row).isSelected())
        assert window.stack.currentWidget() is window.views["people"]

    def test_a_screen_whose_files_changed_while_the_app_ran_says_to_restart(  # type: ignore[no-untyped-def]
        self, kontor: Kontor, monkeypatch, caplog,
    ) -> None:
        # A screen's module loads on its first visit. An update installed while the app
        # runs leaves files of another version there; the import fails (stood in for
        # here by a module Python refuses to import).
        window = kontor.window
        assert window is not None
        name = next(n for n in rail_names(window) if n not in window.views)
        shown = window.stack.currentWidget()
        monkeypatch.setitem(sys.modules, f"desktop.views.{name}.screen", None)
        rail = window.rail
        row = next(i for i in range(rail.count())
                   if rail.item(i).data(Qt.ItemDataRole.UserRole) == name)
        where = rail.visualItemRect(rail.item(row)).center()
        QTest.mouseClick(rail.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, where)
        assert window.stack.currentWidget() is shown  # the app goes on where it was
        assert rail.currentItem().data(Qt.ItemDataRole.UserRole) == shown.name
        message = window.statusBar().currentMessage()
        assert message == ("Kontor was updated while it was running: restart Kontor to open "
                           f"{rail.item(row).text()}.")
        assert f"screen {name} could not be loaded" in caplog.text
        # Once the files are whole again (here: the stand-in gone), the screen opens.
        monkeypatch.undo()
        assert click_rail(window, name) is window.views[name]
