"""Global search (Ctrl+K): grouped results as you type, driven by the keyboard alone."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from desktop.app import Kontor
from desktop.views.common.search import IdRole, KindRole, SearchPopup
from desktop.views.people.screen import PeopleView
from sync.cache.read.people import get_position, get_position_of, get_responsibility
from sync.cache.read.posts import comments_of, get_comment, list_posts
from tests.desktop.conftest import click_rail


def popup(kontor: Kontor) -> SearchPopup:
    window = kontor.window
    assert window is not None
    return window.search  # type: ignore[no-any-return]


def open_with_ctrl_k(qtbot, kontor: Kontor) -> SearchPopup:  # type: ignore[no-untyped-def]
    window = kontor.window
    assert window is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    search = popup(kontor)
    qtbot.waitUntil(search.isVisible, timeout=5_000)
    return search


def type_query(qtbot, search: SearchPopup, text: str) -> None:  # type: ignore[no-untyped-def]
    """Key by key (umlauts inserted, QTest knows only ASCII keys); then the pause."""
    search.field.clear()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(search.field, char)
        else:
            search.field.insert(char)
    qtbot.waitUntil(lambda: not search.timer.isActive() and search.results.count() > 0,
                    timeout=5_000)


def rows(results: QListWidget) -> list[tuple[str, str | None]]:
    """(text, kind) per row; kind None marks a group header."""
    return [(results.item(i).text(), results.item(i).data(KindRole))
            for i in range(results.count())]


def press(qtbot, search: SearchPopup, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(search.field, key)


class TestSearchPopup:
    def test_ctrl_k_opens_and_a_surname_lists_people_first_under_a_header(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        search = open_with_ctrl_k(qtbot, kontor)
        qtbot.waitUntil(search.field.hasFocus, timeout=5_000)  # ready to type
        type_query(qtbot, search, "Schröder")
        listed = rows(search.results)
        assert listed[0] == ("People", None)
        people = [text for text, kind in listed if kind == "person"]
        assert people and all("Schröder" in text.split("\n")[0] for text in people)
        headers = [text for text, kind in listed if kind is None]
        order = ["People", "Positions", "Responsibilities", "Posts", "Comments"]
        assert headers == [h for h in order if h in headers]  # fixed group order
        assert not search.results.item(0).flags() & Qt.ItemFlag.ItemIsSelectable
        assert search.results.currentRow() == 1  # the best person, not the header

    def test_enter_opens_the_person_on_the_people_screen(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        window = kontor.window
        assert window is not None
        click_rail(window, "who")
        search = open_with_ctrl_k(qtbot, kontor)
        type_query(qtbot, search, "Jana Schröder")
        assert search.results.currentItem().data(IdRole) == window.ctx.me
        press(qtbot, search, Qt.Key.Key_Return)
        people = window.views["people"]
        assert isinstance(people, PeopleView)
        assert window.stack.currentWidget() is people
        assert people.card.person is not None and people.card.person.id == window.ctx.me
        assert not search.isVisible()

    def test_arrow_keys_skip_headers_and_escape_closes(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        search = open_with_ctrl_k(qtbot, kontor)
        type_query(qtbot, search, "Reisekosten")
        listed = rows(search.results)
        kinds = [kind for _, kind in listed]
        assert kinds.count(None) >= 2, listed  # several groups
        hits = [i for i, kind in enumerate(kinds) if kind is not None]
        assert search.results.currentRow() == hits[0]
        for expected in hits[1:]:
            press(qtbot, search, Qt.Key.Key_Down)
            assert search.results.currentRow() == expected
        press(qtbot, search, Qt.Key.Key_Down)  # stays on the last hit
        assert search.results.currentRow() == hits[-1]
        for expected in reversed(hits[:-1]):
            press(qtbot, search, Qt.Key.Key_Up)
            assert search.results.currentRow() == expected
        press(qtbot, search, Qt.Key.Key_Up)  # never onto the first header
        assert search.results.currentRow() == hits[0]
        press(qtbot, search, Qt.Key.Key_Escape)
        assert not search.isVisible()

    def test_a_responsibility_opens_who_does_what(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        window = kontor.window
        assert window is not None
        search = open_with_ctrl_k(qtbot, kontor)
        type_query(qtbot, search, "Reisekostenabrechnung")
        row = next(i for i, (_, kind) in enumerate(rows(search.results))
                   if kind == "responsibility")
        search.results.setCurrentRow(row)
        responsibility = get_responsibility(
            window.ctx.cache, search.results.item(row).data(IdRole))
        assert responsibility is not None
        press(qtbot, search, Qt.Key.Key_Enter)
        who = window.views["who"]
        assert window.stack.currentWidget() is who
        assert who.topic.text() == responsibility.title  # type: ignore[attr-defined]
        assert not search.isVisible()

    def test_a_position_opens_its_holder(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        window = kontor.window
        assert window is not None
        position = get_position_of(window.ctx.cache, window.ctx.me)
        assert position is not None
        search = open_with_ctrl_k(qtbot, kontor)
        type_query(qtbot, search, position.title)
        row = next(i for i, (_, kind) in enumerate(rows(search.results))
                   if kind == "position" and get_position(
                       window.ctx.cache, search.results.item(i).data(IdRole)).holder_id)
        search.results.setCurrentRow(row)
        holder = get_position(window.ctx.cache,
                                     search.results.item(row).data(IdRole)).holder_id
        press(qtbot, search, Qt.Key.Key_Return)
        people = window.views["people"]
        assert people.card.person is not None and people.card.person.id == holder  # type: ignore[attr-defined]

    def test_a_post_or_a_comment_opens_the_post(
        self, qtbot, kontor: Kontor, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
    ) -> None:
        window = kontor.window
        assert window is not None
        cache = window.ctx.cache
        post = list_posts(cache, limit=1)[0].post
        comment = next(c.comment for item in list_posts(cache, limit=50)
                       for c in comments_of(cache, item.post.id))
        opened: list[tuple[str, str]] = []
        monkeypatch.setattr(window, "navigate",  # scrolling to the post is the feed's job
                            lambda name, target="": opened.append((name, target)))
        search = open_with_ctrl_k(qtbot, kontor)
        for kind, text in (("post", post.text), ("comment", comment.text)):
            type_query(qtbot, search, " ".join(re.findall(r"\w+", text)[:6]))
            row = next(i for i, (_, k) in enumerate(rows(search.results)) if k == kind)
            search.results.setCurrentRow(row)
            hit_id = search.results.item(row).data(IdRole)
            press(qtbot, search, Qt.Key.Key_Return)
            if kind == "post":
                assert opened[-1] == ("feed", hit_id)
            else:
                found = get_comment(cache, hit_id)
                assert found is not None and opened[-1] == ("feed", found.post_id)
                assert found.post_id != hit_id
            assert not search.isVisible()
            search.open_search()

    def test_nothing_found_says_so(self, qtbot, kontor: Kontor) -> None:  # type: ignore[no-untyped-def]
        search = open_with_ctrl_k(qtbot, kontor)
        search.field.setText("Zzyzxq")
        qtbot.waitUntil(lambda: search.note.text() != "", timeout=5_000)
        assert search.results.count() == 0
        assert search.note.text() == "Nothing found for “Zzyzxq”."
        press(qtbot, search, Qt.Key.Key_Return)  # nothing to open: stays open
        assert search.isVisible()
