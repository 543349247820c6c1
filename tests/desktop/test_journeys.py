"""Journeys as an employee meets the app: the first start and sign-in, a restart without
the server, a post written offline; every screen opened through the navigation rail."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt

from desktop.settings import AppSettings
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync.cache.read.people import get_person, get_position, list_people, positions_of
from sync.cache.read.posts import list_posts, postable_spaces
from tests.desktop.conftest import RunningServer, click_rail, rail_names, start_app
from tests.desktop.test_app import sign_in, start_unsigned
from tests.desktop.test_feed import nudging, server_posts_with, space_named
from tests.desktop.test_navigation import shows_cache_content
from tests.fakes import FakeKeyring

SLOW = 30_000


def wait_for_first_sync(qtbot: Any, window: Any) -> None:
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Last sync"), timeout=SLOW)


class TestFirstStart:
    def test_signing_in_then_every_screen_shows_the_cache_when_clicked(
        self, qtbot: Any, server: RunningServer, tmp_path: Path, settings: AppSettings,
        fake_keyring: FakeKeyring,
    ) -> None:
        app = start_unsigned(qtbot, tmp_path / "profile", settings)
        try:
            sign_in(qtbot, app, server.url, DEMO_USER, DEMO_PASSWORD)
            qtbot.waitUntil(lambda: app.window is not None, timeout=10_000)
            window = app.window
            for name in rail_names(window):  # opened while the first sync runs
                click_rail(window, name)
            wait_for_first_sync(qtbot, window)
            expected = shows_cache_content(window)
            for name in rail_names(window):
                view = click_rail(window, name)
                assert expected[name](view), f"{name} shows nothing from the cache"
        finally:
            app.stop()

    def test_offline_restart_shows_every_screen_and_a_post_written_offline_is_sent_once(
        self, qtbot: Any, server: RunningServer, tmp_path: Path, settings: AppSettings,
        fake_keyring: FakeKeyring,
    ) -> None:
        profile = tmp_path / "profile"
        app = start_unsigned(qtbot, profile, settings)
        try:
            sign_in(qtbot, app, server.url, DEMO_USER, DEMO_PASSWORD)
            qtbot.waitUntil(lambda: app.window is not None, timeout=10_000)
            wait_for_first_sync(qtbot, app.window)
        finally:
            app.stop()
        server.stop()
        app = start_app(qtbot, profile, settings)
        try:
            window = app.window
            qtbot.waitUntil(lambda: window.online_label.text().startswith("Offline"),
                            timeout=10_000)
            expected = shows_cache_content(window)
            for name in rail_names(window):
                view = click_rail(window, name)
                assert expected[name](view), f"{name} shows nothing from the cache offline"
            feed = click_rail(window, "feed")
            assert feed.compose.post_button.isEnabled() is False  # nothing written yet
            qtbot.keyClicks(feed.compose.text, "Offline geschrieben")
            assert feed.compose.post_button.isEnabled()
            qtbot.keyClick(feed.compose.text, Qt.Key.Key_Return,
                           Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda: window.pending_label.text() == "1 pending")
            server.start()
            qtbot.waitUntil(nudging(app, lambda: window.pending_label.text() == ""),
                            timeout=SLOW)
            assert server_posts_with(server, "Offline geschrieben") == 1
        finally:
            app.stop()


class TestWherePostsGo:
    def test_the_feed_posts_into_the_team_space_then_into_the_space_last_read(
        self, kontor: Any, qtbot: Any,
    ) -> None:
        window = kontor.window
        cache = window.ctx.cache
        me = window.ctx.me
        units = {position.org_unit_id for position in positions_of(cache, me)}
        team = next(s for s in postable_spaces(cache, me) if s.org_unit_id in units)
        first = postable_spaces(cache, me)[0]
        assert team.id != first.id  # else the old rule would pass this test too
        feed = click_rail(window, "feed")
        assert feed.compose.spaces.currentText() == team.name
        assert team.name in feed.compose.text.placeholderText()

        spaces = click_rail(window, "spaces")
        row = next(i for i in range(spaces.space_list.count())
                   if spaces.space_list.item(i).text().startswith("Kantine"))
        item = spaces.space_list.item(row)
        qtbot.mouseClick(spaces.space_list.viewport(), Qt.MouseButton.LeftButton,
                         pos=spaces.space_list.visualItemRect(item).center())
        assert "Kantine" in spaces.header.text()
        feed = click_rail(window, "feed")
        assert feed.compose.spaces.currentText() == "Kantine"
        qtbot.keyClicks(feed.compose.text, "Wohin damit")
        qtbot.keyClick(feed.compose.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: feed.compose.text.toPlainText() == "")
        newest = list_posts(cache, None, 0, 1)[0]
        assert newest.post.text == "Wohin damit"
        assert newest.post.space_id == space_named(kontor, "Kantine").id


class TestWhereTheAppOpens:
    def test_first_on_start_here_then_on_the_screen_left(
        self, qtbot: Any, synced_profile: Path, settings: AppSettings,
    ) -> None:
        app = start_app(qtbot, synced_profile, settings)
        try:
            window = app.window
            assert window.stack.currentWidget() is window.views["start"]
            assert window.rail.currentItem().data(Qt.ItemDataRole.UserRole) == "start"
            click_rail(window, "org")
        finally:
            app.stop()
        app = start_app(qtbot, synced_profile, settings)
        try:
            assert app.window.stack.currentWidget() is app.window.views["org"]
        finally:
            app.stop()

    def test_the_person_card_follows_the_people_filter(self, kontor: Any, qtbot: Any) -> None:
        people = click_rail(kontor.window, "people")
        qtbot.waitUntil(lambda: people.card.person is not None)
        shown = people.card.person
        qtbot.keyClicks(people.search_field, "Zzzyx")  # nobody
        qtbot.waitUntil(lambda: people.model.rowCount() == 0)
        assert people.card.person is None
        assert people.card.name_label.text() == "Nobody selected"
        people.search_field.clear()
        other = next(p for p in list_people(kontor.window.ctx.cache)
                     if p.family_name != shown.family_name)
        qtbot.keyClicks(people.search_field, other.family_name)
        qtbot.waitUntil(lambda: people.card.person is not None
                        and people.card.person.family_name == other.family_name)


def open_card_by_search(qtbot: Any, window: Any, name: str) -> Any:
    """Find someone as a person does: People in the rail, their name in the search."""
    people = click_rail(window, "people")
    people.search_field.clear()
    typed = "".join(itertools.takewhile(str.isascii, name))  # QTest types ASCII only
    qtbot.keyClicks(people.search_field, typed)
    qtbot.waitUntil(lambda: people.card.person is not None
                    and people.card.person.display_name == name)
    return people


class TestPersonCard:
    def test_an_absent_colleague_names_the_deputy_and_every_name_opens_its_card(
        self, kontor: Any, qtbot: Any,
    ) -> None:
        window = kontor.window
        cache = window.ctx.cache
        me = window.ctx.me
        (mine,) = positions_of(cache, me)
        deputy_position = get_position(cache, mine.deputy_position_id or "")
        assert deputy_position is not None and deputy_position.holder_id
        deputy = get_person(cache, deputy_position.holder_id)
        away = click_rail(window, "me").away  # away next week, as the Me screen offers
        qtbot.mouseClick(away.button, Qt.MouseButton.LeftButton)
        qtbot.waitExposed(away.dialog)
        qtbot.mouseClick(away.dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: (pos := get_position(cache, mine.id)) is not None
                        and pos.absent_from is not None, timeout=20_000)
        until = get_position(cache, mine.id).absent_to
        me_person = get_person(cache, me)
        people = open_card_by_search(qtbot, window, me_person.display_name)
        card = people.card
        assert card.absence_box.isVisibleTo(card)
        day = QLocale().toString(QDate(until.year, until.month, until.day),
                                 QLocale.FormatType.ShortFormat)
        assert card.absence_label.text() == f"Absent until {day} – deputy:"
        assert card.deputy_button.text() == deputy.display_name
        qtbot.mouseClick(card.deputy_button, Qt.MouseButton.LeftButton)
        assert card.person is not None and card.person.id == deputy.id

        assert card.manager_button.isVisibleTo(card)
        manager_name = card.manager_button.text()
        # Looks like the link it is (resources/kontor.qss: QPushButton[link="true"]).
        assert card.manager_button.property("link") is True
        qtbot.mouseClick(card.manager_button, Qt.MouseButton.LeftButton)
        assert card.person is not None and card.person.display_name == manager_name
        assert card.report_buttons  # a manager has reports, each a link
        report = card.report_buttons[0]
        assert report.property("link") is True
        name = report.text()
        qtbot.mouseClick(report, Qt.MouseButton.LeftButton)
        assert card.person is not None and card.person.display_name == name


class TestWhoDoesWhat:
    def test_any_word_finds_and_more_matching_words_rank_first(
        self, kontor: Any, qtbot: Any,
    ) -> None:
        who = click_rail(kontor.window, "who")
        qtbot.keyClicks(who.topic, "Laptop kaputt")  # "kaputt" is in no responsibility
        qtbot.waitUntil(lambda: bool(who.cards))
        assert who.cards[0].answer.responsibility.title.startswith("IT-Support")
        assert who.hint.text() == ""

        who.topic.clear()
        qtbot.keyClicks(who.topic, "Urlaub Drucker Laptop")  # IT-Support matches two words
        def titles() -> list[str]:
            return [card.answer.responsibility.title for card in who.cards]

        qtbot.waitUntil(lambda: any(title.startswith("Urlaub") for title in titles()))
        it = [title.startswith("IT-Support") for title in titles()]
        assert it[0] and it == sorted(it, reverse=True)  # two words matched, then one

        who.topic.clear()
        qtbot.keyClicks(who.topic, "Gabelstapler")
        qtbot.waitUntil(lambda: not who.cards and "Gabelstapler" in who.hint.text())
        assert "English" not in who.hint.text() and "German" not in who.hint.text()
