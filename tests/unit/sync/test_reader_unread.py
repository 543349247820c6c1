"""Unread posts in a space: counted from the reading marker, own and unsent ones never."""

from __future__ import annotations

import pytest

from sync import writes
from sync.cache.db import Cache
from sync.cache.read.unread import UNREAD_CAP, count_unread, newest_post_at
from sync.cache.write.apply import apply_page
from tests.unit.sync import factories as f

T0 = f.T0
MINUTE = 60_000


@pytest.fixture
def room(cache: Cache) -> dict[str, str]:
    me = f.person("Jana", "Schröder")
    lena = f.person("Lena", "Weiß")
    room = f.space("Team Vertrieb")
    other = f.space("Kantine")
    apply_page(cache, f.puts(me, lena, room, other), "c0")
    return {"me": me.id, "lena": lena.id, "room": room.id, "other": other.id}


class TestCountUnread:
    def test_counts_others_posts_after_the_marker_in_that_space_only(
        self, cache: Cache, room: dict[str, str]
    ) -> None:
        me, lena, space = room["me"], room["lena"], room["room"]
        apply_page(cache, f.puts(
            f.post(space, lena, "vorher", created_at=T0),
            f.post(space, lena, "neu 1", created_at=T0 + MINUTE),
            f.post(space, me, "meins", created_at=T0 + 2 * MINUTE),
            f.post(space, lena, "neu 2", created_at=T0 + 3 * MINUTE),
            f.post(room["other"], lena, "anderswo", created_at=T0 + 4 * MINUTE),
        ), "c1")
        assert count_unread(cache, space, me, since=T0) == 2
        assert count_unread(cache, space, me, since=T0 + 3 * MINUTE) == 0
        assert count_unread(cache, space, None, since=T0) == 3  # signed out: nobody's own

    def test_stops_at_the_cap(self, cache: Cache, room: dict[str, str]) -> None:
        posts = [f.post(room["room"], room["lena"], f"Nr. {n}", created_at=T0 + n)
                 for n in range(1, UNREAD_CAP + 20)]
        apply_page(cache, f.puts(*posts), "c1")
        assert count_unread(cache, room["room"], room["me"], since=T0) == UNREAD_CAP
        assert count_unread(cache, room["room"], room["me"], since=T0, cap=5) == 5

    def test_an_unsent_post_is_not_unread(self, cache: Cache, room: dict[str, str]) -> None:
        writes.queue_post(cache, room["room"], "noch nicht gesendet")
        assert count_unread(cache, room["room"], room["me"], since=0) == 0


class TestNewestPostAt:
    def test_the_newest_post_of_the_space_an_unsent_one_included(
        self, cache: Cache, room: dict[str, str]
    ) -> None:
        space = room["room"]
        assert newest_post_at(cache, space) is None
        apply_page(cache, f.puts(
            f.post(space, room["lena"], "alt", created_at=T0),
            f.post(room["other"], room["lena"], "anderswo", created_at=T0 + MINUTE),
        ), "c1")
        assert newest_post_at(cache, space) == T0
        queued = writes.queue_post(cache, space, "gerade geschrieben")
        assert newest_post_at(cache, space) == queued.created_at > T0
