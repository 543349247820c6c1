"""Mentions completed as you type, in the compose box and the comment box, against a
real server and a real synced cache: "@Ma" lists colleagues, the keys and the mouse
choose one, and what is sent names them."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from PySide6.QtCore import Qt

from desktop.views.posts.mention_completer import PersonIdRole, typing_at
from sync.cache.fold import fold
from sync.cache.read.posts import comments_of, list_posts, list_spaces
from tests.desktop.test_feed import SLOW, nudging, open_feed, outbox_empty


def focus(qtbot: Any, kontor: Any, widget: Any) -> None:
    """Click into a text box as a person does (the window must have the keyboard)."""
    kontor.window.activateWindow()
    qtbot.waitUntil(kontor.window.isActiveWindow, timeout=5_000)
    target = widget.viewport() if hasattr(widget, "viewport") else widget
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(widget.hasFocus)


def offered(completer: Any) -> list[str]:
    popup = completer.popup
    return [popup.item(i).text() for i in range(popup.count())]


def server_mentions(server: Any, table: str, text: str) -> list[str] | None:
    with sqlite3.connect(server.data_dir / "kontor.db") as conn:
        row = conn.execute(f"SELECT mentions FROM {table} WHERE text = ?", (text,)).fetchone()
    return None if row is None else list(json.loads(row[0]))


def begins_a_word(name: str, typed: str) -> bool:
    return any(word.startswith(fold(typed)) for word in fold(name).split())


def open_kantine(kontor: Any) -> Any:
    feed = open_feed(kontor)
    feed.compose.spaces.setCurrentIndex(feed.compose.spaces.findText("Kantine"))
    return feed



def composing_at_ma(kontor: Any, qtbot: Any, typed: str = "@Ma") -> tuple[Any, Any, Any]:
    """The Kantine composer with `typed` (ending in "@Ma") typed and the list of
    colleagues open: (feed, the text box, its mention list)."""
    feed = open_kantine(kontor)
    box, completer = feed.compose.text, feed.compose.mentions
    focus(qtbot, kontor, box)
    qtbot.keyClicks(box, typed)
    qtbot.waitUntil(completer.is_open)
    return feed, box, completer

class TestComposeBox:
    def test_at_and_letters_offer_colleagues_and_enter_inserts_the_chosen_name(
            self, kontor: Any, server: Any, qtbot: Any) -> None:
        feed = open_kantine(kontor)
        box, completer = feed.compose.text, feed.compose.mentions
        focus(qtbot, kontor, box)
        qtbot.keyClicks(box, "Hallo @")
        assert not completer.is_open()  # "@" alone offers nothing yet
        qtbot.keyClicks(box, "Ma")
        qtbot.waitUntil(completer.is_open)
        names = offered(completer)
        assert 2 <= len(names) <= 8
        assert all(begins_a_word(name, "Ma") for name in names), names
        assert box.hasFocus()  # the list never takes the keyboard
        popup = completer.popup
        assert popup.geometry().top() > box.mapTo(kontor.window, box.rect().topLeft()).y()
        rows = [popup.item(i) for i in range(popup.count())]
        assert all(row.data(Qt.ItemDataRole.AccessibleTextRole).startswith(row.text())
                   for row in rows)
        assert any(row.data(Qt.ItemDataRole.DecorationRole) is not None for row in rows)

        assert names[0] in box.accessibleDescription()  # what a screen reader says
        qtbot.keyClick(box, Qt.Key.Key_Down)
        chosen, chosen_id = names[1], popup.item(1).data(PersonIdRole)
        assert f"{chosen}" in box.accessibleDescription()
        assert f"(2 of {len(names)})" in box.accessibleDescription()
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert box.toPlainText() == f"Hallo @{chosen} "
        assert not completer.is_open() and chosen not in box.accessibleDescription()
        assert outbox_empty(kontor)  # Enter in the list chose; it did not send

        qtbot.keyClicks(box, "kommst du mit?")
        assert not completer.is_open()  # a finished mention is left alone
        text = box.toPlainText()
        qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: box.toPlainText() == "")
        qtbot.waitUntil(nudging(kontor, lambda: outbox_empty(kontor) and server_mentions(
            server, "post", text) is not None), timeout=SLOW)
        assert server_mentions(server, "post", text) == [chosen_id]
        kantine = next(s for s in list_spaces(kontor.window.ctx.cache) if s.name == "Kantine")
        qtbot.waitUntil(lambda: any(item.post.text == text and item.post.mentions == [chosen_id]
                                    for item in list_posts(kontor.window.ctx.cache,
                                                           kantine.id, 0, 5)))

    def test_escape_closes_the_list_and_keeps_the_text(self, kontor: Any, qtbot: Any) -> None:
        feed, box, completer = composing_at_ma(kontor, qtbot)
        qtbot.keyClick(box, Qt.Key.Key_Escape)
        assert not completer.is_open()
        assert box.toPlainText() == "@Ma" and box.hasFocus()
        qtbot.keyClicks(box, "r")  # the same mention stays closed once dismissed
        assert not completer.is_open()
        qtbot.keyClick(box, Qt.Key.Key_Return)  # and Enter is a new line again
        assert box.toPlainText() == "@Mar\n" and outbox_empty(kontor)

    def test_words_matching_nobody_or_an_address_offer_nothing(
            self, kontor: Any, qtbot: Any) -> None:
        feed, box, completer = composing_at_ma(kontor, qtbot)
        qtbot.keyClicks(box, "qz ")
        assert not completer.is_open()
        qtbot.keyClicks(box, "mail an info@ma")
        assert not completer.is_open()

    def test_a_name_typed_out_in_full_needs_no_list(self, kontor: Any, qtbot: Any) -> None:
        feed, box, completer = composing_at_ma(kontor, qtbot)
        name = next(n for n in offered(completer)  # QTest types ASCII only
                    if n.isascii() and n.startswith("Ma"))
        qtbot.keyClicks(box, name[2:])
        assert completer.is_open()
        qtbot.keyClicks(box, " ")
        assert not completer.is_open()
        qtbot.keyClick(box, Qt.Key.Key_Return)  # a new line, not the list's choice
        assert box.toPlainText() == f"@{name} \n"

    def test_a_click_on_a_row_inserts_its_name(self, kontor: Any, qtbot: Any) -> None:
        feed, box, completer = composing_at_ma(kontor, qtbot, "Danke @Ma")
        popup = completer.popup
        last = popup.item(popup.count() - 1)
        qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton,
                         pos=popup.visualItemRect(last).center())
        assert box.toPlainText() == f"Danke @{last.text()} "
        assert not completer.is_open() and box.hasFocus()

    def test_tab_inserts_and_stays_in_the_box(self, kontor: Any, qtbot: Any) -> None:
        feed, box, completer = composing_at_ma(kontor, qtbot)
        first = offered(completer)[0]
        qtbot.keyClick(box, Qt.Key.Key_Tab)  # Tab otherwise moves on from this box
        assert box.toPlainText() == f"@{first} " and box.hasFocus()

    def test_moving_away_closes_the_list(self, kontor: Any, qtbot: Any) -> None:
        feed, box, completer = composing_at_ma(kontor, qtbot, "Hi @Ma")
        qtbot.keyClick(box, Qt.Key.Key_Home)  # the caret leaves the "@word"
        assert not completer.is_open()
        qtbot.keyClick(box, Qt.Key.Key_End)
        qtbot.keyClicks(box, "x")
        qtbot.waitUntil(completer.is_open)
        feed.posts.setFocus()
        qtbot.waitUntil(lambda: not completer.is_open())


def kantine_comment_box(kontor: Any, qtbot: Any) -> tuple[Any, Any, Any, Any]:
    """The Feed opened on the newest Kantine post (as a link to it opens it), and that
    post's comment box with the keyboard in it: (feed, post, box, its mention list)."""
    feed = open_feed(kontor)
    cache = kontor.window.ctx.cache
    kantine = next(s for s in list_spaces(cache) if s.name == "Kantine")
    post = list_posts(cache, kantine.id, 0, 1)[0].post
    kontor.window.navigate("feed", post.id)
    card = feed.posts.cards[post.id]
    box, completer = card.comments.comment_box, card.comments.mentions
    focus(qtbot, kontor, box)
    return feed, post, box, completer


class TestCommentBox:
    def test_completes_and_enter_in_the_list_does_not_send(
            self, kontor: Any, server: Any, qtbot: Any) -> None:
        feed, post, box, completer = kantine_comment_box(kontor, qtbot)
        cache = kontor.window.ctx.cache
        qtbot.keyClicks(box, "@Ma")
        qtbot.waitUntil(completer.is_open)
        chosen, chosen_id = offered(completer)[0], completer.popup.item(0).data(PersonIdRole)
        assert all(begins_a_word(name, "Ma") for name in offered(completer))
        bar = feed.posts.verticalScrollBar()
        bar.setValue(bar.value() + 40)  # the box scrolls away: the list goes with it
        assert not completer.is_open()
        bar.setValue(bar.value() - 40)
        qtbot.keyClicks(box, "r")
        qtbot.waitUntil(completer.is_open)
        chosen, chosen_id = offered(completer)[0], completer.popup.item(0).data(PersonIdRole)
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert box.text() == f"@{chosen} " and box.hasFocus()
        assert outbox_empty(kontor)  # Enter chose from the list; it did not send
        qtbot.keyClicks(box, "danke dir")
        qtbot.keyClick(box, Qt.Key.Key_Return)  # the list is closed: Enter sends
        qtbot.waitUntil(lambda: box.text() == "")
        text = f"@{chosen} danke dir"
        qtbot.waitUntil(nudging(kontor, lambda: outbox_empty(kontor) and any(
            c.comment.text == text for c in comments_of(cache, post.id))), timeout=SLOW)
        sent = next(c.comment for c in comments_of(cache, post.id) if c.comment.text == text)
        assert sent.mentions == [chosen_id]
        assert server_mentions(server, "comment", text) == [chosen_id]


def test_a_mention_is_typed_after_a_space_or_bracket_not_inside_an_address() -> None:
    assert typing_at("Hallo @Max Mu", 13) is not None
    assert typing_at("Hallo @Max Mu", 13).words == "Max Mu"  # type: ignore[union-attr]
    assert typing_at("(@Ma", 4) is not None
    assert typing_at("info@ma", 7) is None
    assert typing_at("@", 1) is None and typing_at("@1", 2) is None
    assert typing_at("@Max Mu ist da", 14) is None  # more words than a name has


def test_near_the_bottom_of_the_window_the_list_opens_above_the_box(
        kontor: Any, qtbot: Any) -> None:
    feed, _, box, completer = kantine_comment_box(kontor, qtbot)
    scroller = feed.posts
    content_y = box.mapTo(scroller.widget(), box.rect().topLeft()).y()
    bar = scroller.verticalScrollBar()  # the box at the foot of the Feed's view
    bar.setValue(content_y + box.height() + 8 - scroller.viewport().height())
    qtbot.keyClicks(box, "@Ma")
    qtbot.waitUntil(completer.is_open)
    window = kontor.window
    top = box.mapTo(window, box.rect().topLeft()).y()
    popup = completer.popup.geometry()
    assert top + box.height() + popup.height() > window.height()  # no room below
    assert popup.bottom() < top and popup.top() >= 0
