"""Feed and Spaces screens against a real server: posting online and offline, refused
writes, edits, comments, reactions and unread markers, as the user sees them."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from typing import Any

import msgspec
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.views.posts.post_card import PostCard
from server_stub.demo.generator import DEMO_PASSWORD
from sync import protocol as p
from sync import writes
from sync.cache.read.people import get_person, list_people
from sync.cache.read.posts import comments_of, get_post, list_posts, list_spaces, reactions_of
from sync.cache.write import outbox
from sync.client import KontorClient
from tests.desktop.conftest import click_rail, queue_write

SLOW = 30_000  # the engine reconnects with jittered back-off after the server returns


def open_feed(kontor: Any) -> Any:
    return click_rail(kontor.window, "feed")


def card_with(view: Any, text: str) -> PostCard | None:
    for card in view.posts.cards.values():
        if card.item is not None and text in card.item.post.text:
            return card
    return None


def outbox_empty(kontor: Any) -> bool:
    return not outbox.all_items(kontor.window.ctx.cache)


def nudging(kontor: Any, check: Callable[[], bool]) -> Callable[[], bool]:
    """A waitUntil predicate that also asks the engine to try again now and then, so a
    test does not sit out a long back-off after the server came back."""
    last = [0.0]

    def predicate() -> bool:
        if time.monotonic() - last[0] > 1.0:
            last[0] = time.monotonic()
            kontor.bridge.sync_now()
        return check()

    return predicate


def server_posts_with(server: Any, text: str) -> int:
    with sqlite3.connect(server.data_dir / "kontor.db") as conn:
        return int(conn.execute("SELECT count(*) FROM post WHERE text = ?", (text,)).fetchone()[0])


def space_named(kontor: Any, name: str) -> p.Space:
    return next(s for s in list_spaces(kontor.window.ctx.cache) if s.name == name)


class TestFeed:
    def test_shows_demo_posts_newest_first_with_author_names(
            self, kontor: Any, qtbot: Any) -> None:
        feed = open_feed(kontor)
        qtbot.waitUntil(lambda: len(feed.posts.cards) >= 10)
        cache = kontor.window.ctx.cache
        items = [feed.model.items[row] for row in range(feed.model.rowCount())]
        times = [item.post.created_at for item in items]
        assert times == sorted(times, reverse=True)
        first = feed.posts.cards[items[0].post.id]
        author = get_person(cache, items[0].post.author_id)
        assert author is not None
        assert first.author_button.text() == author.display_name
        assert first.body.text()  # rendered text is shown
        others = [c for c in feed.posts.cards.values()
                  if c.item is not None and c.item.post.author_id != kontor.window.ctx.me]
        assert others and not others[0].edit_button.isVisibleTo(feed)

        assert feed.posts.more_button.isVisibleTo(feed)  # more than one page of demo posts
        before = len(feed.posts.cards)
        qtbot.mouseClick(feed.posts.more_button, Qt.MouseButton.LeftButton)
        assert len(feed.posts.cards) > before
        older = [feed.model.items[row].post.created_at for row in range(before, before + 2)]
        assert older[0] <= times[-1]

    def test_compose_offers_only_spaces_the_user_may_post_in(self, kontor: Any) -> None:
        feed = open_feed(kontor)
        names = [feed.compose.spaces.itemText(i) for i in range(feed.compose.spaces.count())]
        assert "Projekt Phoenix" in names and "Kantine" in names
        assert "Ankündigungen" not in names  # only moderators post announcements
        assert "Flohmarkt" not in names  # not a member

    def test_the_compose_box_is_one_line_beside_its_space_until_written_in(
            self, kontor: Any, qtbot: Any) -> None:
        feed = open_feed(kontor)
        box = feed.compose
        compact = box.text.height()
        assert compact < 2.5 * box.text.fontMetrics().lineSpacing()
        # The space picker sits beside the text, not on a row of its own below it.
        assert box.spaces.geometry().top() < box.text.geometry().bottom()
        kontor.window.activateWindow()
        qtbot.waitUntil(kontor.window.isActiveWindow, timeout=5_000)
        qtbot.mouseClick(box.text.viewport(), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: box.text.height() >= 100)
        qtbot.keyClicks(box.text, "Kurz notiert")
        feed.posts.setFocus()  # leaving it with text in it keeps the text in view
        qtbot.waitUntil(lambda: not box.text.hasFocus())
        assert box.text.height() >= 100
        box.text.clear()
        assert box.text.height() == compact

    def test_post_while_offline_is_pending_then_sent_exactly_once(
            self, kontor: Any, server: Any, qtbot: Any) -> None:
        feed = open_feed(kontor)
        server.stop()
        qtbot.waitUntil(lambda: kontor.bridge.status in ("offline", "connecting"), timeout=SLOW)
        text = "Wer kommt mit zum **Sommerfest**? Grüße aus München"
        feed.compose.spaces.setCurrentIndex(feed.compose.spaces.findText("Kantine"))
        qtbot.keyClicks(feed.compose.text, "Wer kommt mit")  # QTest types ASCII only
        feed.compose.text.setPlainText(text)
        qtbot.keyClick(feed.compose.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

        qtbot.waitUntil(lambda: card_with(feed, "Sommerfest") is not None)
        card = card_with(feed, "Sommerfest")
        assert card is not None
        assert card.badge.isVisibleTo(feed) and card.badge.text() in ("Sending…", "Wird gesendet…")
        assert "<b>Sommerfest</b>" in card.body.text()
        assert card.author_button.text() == "Jana Schröder"
        qtbot.waitUntil(lambda: feed.compose.text.toPlainText() == "")  # once queued
        qtbot.waitUntil(lambda: kontor.window.pending_label.text() == "1 pending")

        server.start()
        qtbot.waitUntil(nudging(kontor, lambda: outbox_empty(kontor)), timeout=SLOW)
        qtbot.waitUntil(lambda: kontor.window.pending_label.text() == "")
        assert server_posts_with(server, text) == 1
        qtbot.waitUntil(lambda: (c := card_with(feed, "Sommerfest")) is not None
                        and c.item is not None and c.item.pending_state is None)
        card = card_with(feed, "Sommerfest")
        assert card is not None and not card.badge.isVisibleTo(feed)

    def test_refused_post_shows_the_reason_and_can_be_discarded(
            self, kontor: Any, qtbot: Any) -> None:
        feed = open_feed(kontor)
        announcements = space_named(kontor, "Ankündigungen")
        queue_write(qtbot, kontor, lambda cache: writes.queue_post(
            cache, announcements.id, "Betriebsversammlung am Freitag"))
        qtbot.waitUntil(lambda: (c := card_with(feed, "Betriebsversammlung")) is not None
                        and c.failure.isVisibleTo(feed), timeout=SLOW)
        card = card_with(feed, "Betriebsversammlung")
        assert card is not None
        assert "moderators_only" in card.reason_label.text()
        assert card.retry_button.isVisibleTo(feed) and card.discard_button.isVisibleTo(feed)
        qtbot.waitUntil(lambda: "1 failed" in kontor.window.pending_label.text())

        qtbot.mouseClick(card.discard_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: card_with(feed, "Betriebsversammlung") is None)
        assert outbox_empty(kontor)

    def test_retry_sends_a_refused_post_again(self, kontor: Any, qtbot: Any) -> None:
        feed = open_feed(kontor)
        announcements = space_named(kontor, "Ankündigungen")
        queue_write(qtbot, kontor, lambda cache: writes.queue_post(
            cache, announcements.id, "Noch ein Versuch"))
        qtbot.waitUntil(lambda: (c := card_with(feed, "Noch ein Versuch")) is not None
                        and c.failure.isVisibleTo(feed), timeout=SLOW)
        card = card_with(feed, "Noch ein Versuch")
        assert card is not None
        attempts = outbox.all_items(kontor.window.ctx.cache)[0].attempts
        qtbot.mouseClick(card.retry_button, Qt.MouseButton.LeftButton)
        # Still not a moderator: refused again, with one more attempt counted.
        qtbot.waitUntil(lambda: (items := outbox.all_items(kontor.window.ctx.cache)) != []
                        and items[0].attempts > attempts and items[0].state == "failed",
                        timeout=SLOW)
        qtbot.waitUntil(lambda: card.failure.isVisibleTo(feed))

    def test_editing_an_own_post_updates_its_text_after_sync(
            self, kontor: Any, qtbot: Any) -> None:
        feed = open_feed(kontor)
        cache = kontor.window.ctx.cache
        own = next(i.post for i in list_posts(cache, None, 0, 500)
                   if i.post.author_id == kontor.window.ctx.me)
        kontor.window.navigate("feed", own.id)
        card = feed.posts.cards[own.id]
        assert card.edit_button.isVisibleTo(feed) and card.delete_button.isVisibleTo(feed)
        qtbot.mouseClick(card.edit_button, Qt.MouseButton.LeftButton)
        card.edit_box.setPlainText("Korrigiert: Treffen um 10 Uhr im Raum Zugspitze")
        qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not card.editor.isVisibleTo(feed))
        qtbot.waitUntil(nudging(kontor, lambda: (post := get_post(cache, own.id))
                                is not None and post.text.startswith("Korrigiert")),
                        timeout=SLOW)
        qtbot.waitUntil(lambda: "Zugspitze" in card.body.text() and not card.badge.isVisible())
        assert "(edited)" in card.time_label.text()

    def test_deleting_an_own_post_removes_it(
            self, kontor: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        feed = open_feed(kontor)
        cache = kontor.window.ctx.cache
        own = next(i.post for i in list_posts(cache, None, 0, 500)
                   if i.post.author_id == kontor.window.ctx.me)
        kontor.window.navigate("feed", own.id)
        monkeypatch.setattr(QMessageBox, "question",
                            lambda *a, **k: QMessageBox.StandardButton.Yes)
        qtbot.mouseClick(feed.posts.cards[own.id].delete_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(nudging(kontor, lambda: own.id not in feed.posts.cards), timeout=SLOW)
        assert get_post(cache, own.id) is None

    def test_a_comment_appears_under_its_post(self, kontor: Any, qtbot: Any) -> None:
        feed = open_feed(kontor)
        kantine = space_named(kontor, "Kantine")
        post = list_posts(kontor.window.ctx.cache, kantine.id, 0, 1)[0].post
        kontor.window.navigate("feed", post.id)
        card = feed.posts.cards[post.id]
        assert card.comments.isVisibleTo(feed)
        qtbot.keyClicks(card.comments.comment_box, "Klingt gut, ich bin dabei!")
        qtbot.keyClick(card.comments.comment_box, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: any("ich bin dabei" in label.text()
                                    for label in card.comments.labels))
        qtbot.waitUntil(lambda: card.comments.comment_box.text() == "")  # once queued
        qtbot.waitUntil(nudging(kontor, lambda: outbox_empty(kontor)), timeout=SLOW)
        qtbot.waitUntil(lambda: any("ich bin dabei" in label.text() and "Sending" not in
                                    label.text() for label in card.comments.labels))
        assert "comment" in card.comments_button.text()

    def test_reactions_are_drawn_as_named_icons_not_emoji_text(
            self, kontor: Any, qtbot: Any) -> None:
        """Without a colour-emoji font an emoji draws as an empty box: each reaction is
        our own icon, its count the only text, its name what a screen reader says."""
        feed = open_feed(kontor)
        qtbot.waitUntil(lambda: len(feed.posts.cards) >= 1)
        card = next(iter(feed.posts.cards.values()))
        names = [button.accessibleName() for button in card.reaction_buttons.values()]
        assert names == ["React with Thumbs up", "React with Celebrate",
                         "React with Heart", "React with Laugh"]
        for button in card.reaction_buttons.values():
            assert button.text() == "" or button.text().isdigit()
            image = button.icon().pixmap(18, 18).toImage()
            assert not image.isNull()
            assert any(image.pixelColor(x, y).alpha() > 0
                       for x in range(image.width()) for y in range(image.height()))
            assert button.focusPolicy() == Qt.FocusPolicy.StrongFocus

    def test_clicking_a_reaction_again_takes_it_back(
            self, kontor: Any, server: Any, qtbot: Any) -> None:
        feed = open_feed(kontor)
        cache, me = kontor.window.ctx.cache, kontor.window.ctx.me
        qtbot.waitUntil(lambda: len(feed.posts.cards) >= 10)
        card = next(c for c in feed.posts.cards.values()
                    if c.reaction_buttons["🎉"].isEnabled()
                    and not c.reaction_buttons["🎉"].isChecked())
        button = card.reaction_buttons["🎉"]

        def mine() -> list[p.Reaction]:
            return [r for r in reactions_of(cache, card.post_id)
                    if r.emoji == "🎉" and r.person_id == me]

        before = sum(1 for r in reactions_of(cache, card.post_id) if r.emoji == "🎉")
        without = str(before) if before else ""
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: button.text() == str(before + 1) and button.isChecked())
        qtbot.waitUntil(nudging(kontor, lambda: outbox_empty(kontor) and len(mine()) == 1),
                        timeout=SLOW)
        qtbot.waitUntil(lambda: button.text() == str(before + 1) and button.isChecked())

        server.stop()  # so the taking back waits in the outbox for a while
        qtbot.waitUntil(lambda: kontor.bridge.status in ("offline", "connecting"), timeout=SLOW)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not outbox_empty(kontor))
        qtbot.waitUntil(lambda: button.text() == without and not button.isChecked())
        assert len(mine()) == 1  # still in the cache: the server has not heard yet

        server.start()
        qtbot.waitUntil(nudging(kontor, lambda: outbox_empty(kontor) and not mine()),
                        timeout=SLOW)
        qtbot.waitUntil(lambda: button.text() == without and not button.isChecked())

    def test_a_comment_naming_a_colleague_mentions_them(self, kontor: Any, qtbot: Any) -> None:
        feed = open_feed(kontor)
        cache = kontor.window.ctx.cache
        kantine = space_named(kontor, "Kantine")
        post = list_posts(cache, kantine.id, 0, 1)[0].post
        colleague = next(person for person in list_people(cache, "Müller", limit=20)
                         if person.id != kontor.window.ctx.me
                         and len(person.display_name.split()) == 2)
        kontor.window.navigate("feed", post.id)
        card = feed.posts.cards[post.id]
        card.comments.comment_box.setText(  # QTest types ASCII only
            f"@{colleague.display_name} kannst du das übernehmen?")
        qtbot.keyClick(card.comments.comment_box, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: card.comments.comment_box.text() == "")
        qtbot.waitUntil(nudging(kontor, lambda: outbox_empty(kontor) and any(
            "übernehmen" in c.comment.text for c in comments_of(cache, post.id))),
            timeout=SLOW)
        sent = next(c.comment for c in comments_of(cache, post.id)
                    if "übernehmen" in c.comment.text)
        assert sent.mentions == [colleague.id]
        qtbot.waitUntil(lambda: any(f"person:{colleague.id}" in label.text()
                                    and "übernehmen" in label.text()
                                    for label in card.comments.labels))

    def test_outside_own_spaces_reacting_and_commenting_are_offered_not(
            self, kontor: Any, qtbot: Any) -> None:
        feed = open_feed(kontor)
        flohmarkt = space_named(kontor, "Flohmarkt")
        post = list_posts(kontor.window.ctx.cache, flohmarkt.id, 0, 1)[0].post
        kontor.window.navigate("feed", post.id)
        card = feed.posts.cards[post.id]
        assert not card.reaction_buttons["👍"].isEnabled()
        assert not card.comments.comment_box.isEnabled()

    def test_a_refused_reaction_shows_on_its_post_and_can_be_discarded(
            self, kontor: Any, qtbot: Any) -> None:
        feed = open_feed(kontor)
        flohmarkt = space_named(kontor, "Flohmarkt")
        post = list_posts(kontor.window.ctx.cache, flohmarkt.id, 0, 1)[0].post
        kontor.window.navigate("feed", post.id)
        card = feed.posts.cards[post.id]
        queue_write(qtbot, kontor, lambda cache: writes.queue_reaction(cache, post.id, "👍"))
        qtbot.waitUntil(lambda: card.failure.isVisibleTo(feed), timeout=SLOW)
        assert "not_a_member" in card.reason_label.text()
        assert "“Thumbs up”" in card.reason_label.text()
        qtbot.mouseClick(card.discard_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not card.failure.isVisibleTo(feed))
        assert outbox_empty(kontor)

    def test_clicking_the_author_opens_their_profile(self, kontor: Any, qtbot: Any) -> None:
        feed = open_feed(kontor)
        qtbot.waitUntil(lambda: len(feed.posts.cards) >= 1)
        card = next(iter(feed.posts.cards.values()))
        qtbot.mouseClick(card.author_button, Qt.MouseButton.LeftButton)
        people = kontor.window.views["people"]
        assert kontor.window.stack.currentWidget() is people
        assert card.item is not None and people.card.person is not None
        assert people.card.person.id == card.item.post.author_id


def post_as_someone_else(server: Any, space: p.Space, me: str, text: str) -> None:
    """Another member of the space writes a post through the server's API."""
    with sqlite3.connect(server.data_dir / "kontor.db") as conn:
        username = conn.execute(
            "SELECT a.username FROM membership m JOIN account a ON a.person_id = m.person_id "
            "WHERE m.space_id = ? AND m.person_id != ? ORDER BY a.username LIMIT 1",
            (space.id, me)).fetchone()[0]

    async def write() -> None:
        async with KontorClient(server.url) as client:
            await client.login(username, DEMO_PASSWORD, "pytest colleague")
            post_id = writes.new_id()
            body = msgspec.json.encode(p.PostWrite(space_id=space.id, text=text))
            await client.request("PUT", f"/api/v1/posts/{post_id}", body)

    asyncio.run(write())


class TestSpaces:
    def test_list_marks_members_only_spaces_and_where_one_may_post(self, kontor: Any) -> None:
        view = click_rail(kontor.window, "spaces")
        rows = {view.space_list.item(i).data(Qt.ItemDataRole.UserRole): view.space_list.item(i)
                for i in range(view.space_list.count())}
        phoenix = rows[space_named(kontor, "Projekt Phoenix").id]
        kantine = rows[space_named(kontor, "Kantine").id]
        assert not phoenix.icon().isNull() and kantine.icon().isNull()
        assert "members only" in phoenix.data(Qt.ItemDataRole.AccessibleTextRole)

        kontor.window.navigate("spaces", space_named(kontor, "Flohmarkt").id)  # not a member
        assert not view.compose.post_button.isEnabled()
        assert view.compose.note.text()

    def test_opening_a_space_shows_its_posts_and_compose_box(
            self, kontor: Any, qtbot: Any) -> None:
        kantine = space_named(kontor, "Kantine")
        view = kontor.window.navigate("spaces", kantine.id)
        qtbot.waitUntil(lambda: len(view.posts.cards) > 0)
        assert all(c.item is not None and c.item.post.space_id == kantine.id
                   for c in view.posts.cards.values())
        assert "Kantine" in view.header.text()
        compose = view.compose
        assert compose.isVisibleTo(view) and compose.text.isEnabled()
        assert not compose.post_button.isEnabled()  # nothing written: says so
        assert compose.post_button.toolTip() == "Write something first"
        assert "Kantine" in compose.text.placeholderText()  # where it will go
        qtbot.keyClicks(compose.text, "Mittag?")
        assert compose.post_button.isEnabled()
        assert compose.post_button.toolTip() == "Post in Kantine (Ctrl+Enter)"

    def test_new_posts_show_as_unread_until_the_space_is_opened(
            self, kontor: Any, server: Any, qtbot: Any) -> None:
        view = click_rail(kontor.window, "spaces")
        site = space_named(kontor, "Standort München")
        assert view.unread_count(site.id) == 0
        post_as_someone_else(server, site, str(kontor.window.ctx.me),
                             "Die Parkplätze im Hof werden am Montag neu markiert.")
        kontor.bridge.sync_now()
        qtbot.waitUntil(lambda: view.unread_count(site.id) == 1, timeout=SLOW)
        row = next(view.space_list.item(i) for i in range(view.space_list.count())
                   if view.space_list.item(i).data(Qt.ItemDataRole.UserRole) == site.id)
        assert row.text() == site.name  # the count is a badge at the row's right edge
        assert row.data(Qt.ItemDataRole.UserRole + 2) == "1"
        heights = {view.space_list.visualItemRect(view.space_list.item(i)).height()
                   for i in range(view.space_list.count())}
        assert len(heights) == 1  # even rows, with or without a lock or a count

        qtbot.mouseClick(view.space_list.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.space_list.visualItemRect(row).center())
        assert view.unread_count(site.id) == 0
        assert row.data(Qt.ItemDataRole.UserRole + 2) == ""
        assert any("Parkplätze" in c.body.text() for c in view.posts.cards.values())
        click_rail(kontor.window, "feed")
        click_rail(kontor.window, "spaces")
        assert view.unread_count(site.id) == 0  # stays read
        profile_id = kontor.session.profile.id  # markers are kept per profile
        assert f"unread/{profile_id}/space/{site.id}" in kontor.settings.user.allKeys()
