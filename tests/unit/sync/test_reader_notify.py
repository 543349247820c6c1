"""Notifications: mentions of me and comments on my posts, newer than the last ones told."""

from __future__ import annotations

import pytest

from sync.cache.db import Cache
from sync.cache.read.notify import Notice, excerpt, mentions_and_replies
from sync.cache.write.apply import apply_page
from tests.unit.sync import factories as f

T0 = f.T0
MINUTE = 60_000


@pytest.fixture
def people(cache: Cache) -> dict[str, str]:
    me = f.person("Jana", "Schröder")
    lena = f.person("Lena", "Weiß")
    otto = f.person("Otto", "Müller")
    room = f.space("Team Vertrieb")
    apply_page(cache, f.puts(me, lena, otto, room), "c0")
    return {"me": me.id, "lena": lena.id, "otto": otto.id, "room": room.id}


class TestMentionsAndReplies:
    def test_mentions_in_posts_and_comments_and_replies_to_my_posts(
        self, cache: Cache, people: dict[str, str]
    ) -> None:
        me, lena, otto, room = people["me"], people["lena"], people["otto"], people["room"]
        mine = f.post(room, me, "Wer hat den Beamer?", created_at=T0)
        mentioning = f.post(
            room, lena, "@Jana Schröder bitte prüfen", created_at=T0 + MINUTE, mentions=[me]
        )
        unrelated = f.post(room, otto, "Kantine hat heute zu", created_at=T0 + 2 * MINUTE)
        reply = f.comment(mine, otto, "Liegt im Raum 2.14", created_at=T0 + 3 * MINUTE)
        reply_mention = f.comment(
            mine, lena, "@Jana Schröder ich bringe ihn", created_at=T0 + 4 * MINUTE, mentions=[me]
        )
        elsewhere = f.comment(unrelated, lena, "Schade", created_at=T0 + 5 * MINUTE)
        mention_elsewhere = f.comment(
            unrelated,
            otto,
            "@Jana Schröder kommst du mit?",
            created_at=T0 + 6 * MINUTE,
            mentions=[me],
        )
        own_comment = f.comment(mine, me, "Danke!", created_at=T0 + 7 * MINUTE)
        apply_page(
            cache,
            f.puts(
                mine,
                mentioning,
                unrelated,
                reply,
                reply_mention,
                elsewhere,
                mention_elsewhere,
                own_comment,
            ),
            "c1",
        )

        notices = mentions_and_replies(cache, me, 0)

        assert notices == [
            Notice("mention", unrelated.id, otto, "@Jana Schröder kommst du mit?", T0 + 6 * MINUTE),
            Notice("mention", mine.id, lena, "@Jana Schröder ich bringe ihn", T0 + 4 * MINUTE),
            Notice("reply", mine.id, otto, "Liegt im Raum 2.14", T0 + 3 * MINUTE),
            Notice("mention", mentioning.id, lena, "@Jana Schröder bitte prüfen", T0 + MINUTE),
        ]

    def test_only_newer_than_since(self, cache: Cache, people: dict[str, str]) -> None:
        me, lena, room = people["me"], people["lena"], people["room"]
        old = f.post(room, lena, "Alt", created_at=T0, mentions=[me])
        new = f.post(room, lena, "Neu", created_at=T0 + MINUTE, mentions=[me])
        apply_page(cache, f.puts(old, new), "c1")

        assert [n.post_id for n in mentions_and_replies(cache, me, T0)] == [new.id]
        assert mentions_and_replies(cache, me, T0 + MINUTE) == []

    def test_someone_elses_mentions_do_not_notify_me(
        self, cache: Cache, people: dict[str, str]
    ) -> None:
        me, lena, otto, room = people["me"], people["lena"], people["otto"], people["room"]
        theirs = f.post(room, otto, "Frage", created_at=T0)
        apply_page(
            cache,
            f.puts(
                theirs,
                f.post(room, lena, "@Otto Müller", created_at=T0 + 1, mentions=[otto]),
                f.comment(theirs, lena, "Antwort", created_at=T0 + 2),
            ),
            "c1",
        )

        assert mentions_and_replies(cache, me, 0) == []
        assert {n.kind for n in mentions_and_replies(cache, otto, 0)} == {"mention", "reply"}

    def test_a_deleted_comment_no_longer_notifies(
        self, cache: Cache, people: dict[str, str]
    ) -> None:
        me, lena, room = people["me"], people["lena"], people["room"]
        mine = f.post(room, me, "Frage", created_at=T0)
        answer = f.comment(mine, lena, "Antwort", created_at=T0 + 1)
        apply_page(cache, f.puts(mine, answer), "c1")
        apply_page(cache, [f.delete("comment", answer.id)], "c2")

        assert mentions_and_replies(cache, me, 0) == []

    def test_limit_keeps_the_newest(self, cache: Cache, people: dict[str, str]) -> None:
        me, lena, room = people["me"], people["lena"], people["room"]
        posts = [
            f.post(room, lena, f"Nummer {i}", created_at=T0 + i, mentions=[me]) for i in range(5)
        ]
        apply_page(cache, f.puts(*posts), "c1")

        newest = mentions_and_replies(cache, me, 0, limit=2)

        assert [n.text_excerpt for n in newest] == ["Nummer 4", "Nummer 3"]


class TestExcerpt:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("kurz", "kurz"),
            ("zwei\n\nZeilen  mit   Lücken", "zwei Zeilen mit Lücken"),
            ("x" * 200, "x" * 119 + "…"),
        ],
    )
    def test_one_short_line(self, text: str, expected: str) -> None:
        assert excerpt(text) == expected
