"""A write stays visible from the click to the stored record: no step between the
server's answer and the pull that brings the record back shows the old state.

The engine runs one real round (push, then pull) against the real server; at every
event it emits, and after every request it sends, the test reads the cache the way the
desktop does (its own reader connection, the same read functions) and notes what a
user would see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync.cache.db import Cache
from sync.cache.read.connecting import connection_to
from sync.cache.read.posts import list_posts, reactions_of
from sync.cache.write import outbox
from sync.client import KontorClient
from sync.session import ProfileSession
from sync.writes import (
    queue_connection,
    queue_connection_delete,
    queue_post,
    queue_post_delete,
    queue_reaction,
    queue_reaction_delete,
)
from tests.fakes import FakeKeyring
from tests.integration.conftest import BOTH_BACKENDS

BACKENDS = BOTH_BACKENDS


@pytest.fixture
def psession(tmp_path: Path, fake_keyring: FakeKeyring) -> Iterator[ProfileSession]:
    opened = ProfileSession.open(tmp_path / "profile")
    yield opened
    opened.close()


class Seen:
    """What the user sees of the three writes, read at each step of a sync round."""

    def __init__(self, reader: Cache, me: str, space: str, target_post: str,
                 colleague: str) -> None:
        self.reader, self.me, self.space = reader, me, space
        self.target_post, self.colleague = target_post, colleague
        self.post_id = self.reaction_id = ""
        self.steps: list[tuple[str, dict[str, bool]]] = []

    def look(self, step: str) -> None:
        posts = {i.post.id for i in list_posts(self.reader, self.space, limit=500)}
        reacted = {r.id for r in reactions_of(self.reader, self.target_post)}
        waiting = outbox.all_items(self.reader)
        taken_back = {i.path.rsplit("/", 1)[-1] for i in waiting
                      if i.kind.startswith("delete_") and i.state == "pending"}
        own_reaction = (self.reaction_id in reacted and self.reaction_id not in taken_back
                        or self.reaction_id in {i.id for i in waiting})
        # The card of a post with a deletion on its way says "Deleting…": the user sees
        # the deletion, not the post as it was.
        self.steps.append((step, {
            "post shown": self.post_id in posts and self.post_id not in taken_back,
            "reaction shown": own_reaction,
            "connected": connection_to(self.reader, self.me, self.colleague).connected,
        }))

    def wrong(self, expected: bool) -> list[tuple[str, str]]:
        return [(step, what) for step, shown in self.steps
                for what, value in shown.items() if value != expected]


def watch_requests(client: KontorClient, look: Callable[[str], None]) -> None:
    """Look right after each write request has its answer, before anything else runs."""
    send = client.request

    async def request(method: str, path: str, *args: Any, **kwargs: Any) -> Any:
        answer = await send(method, path, *args, **kwargs)
        if method != "GET":
            look(f"answer to {method} {path}")
        return answer

    client.request = request  # type: ignore[method-assign]


def first_of(cache: Cache, sql: str, *params: object) -> str:
    row = cache.conn.execute(sql, params).fetchone()
    assert row is not None, sql
    return str(row[0])


async def test_a_write_never_shows_the_old_state_between_answer_and_pull(
    live: TestServer, config: ServerConfig, psession: ProfileSession
) -> None:
    url = f"http://127.0.0.1:{config.port}"
    await psession.login(url, DEMO_USER, DEMO_PASSWORD, "pytest")
    client = psession.client()
    engine = psession.engine(client)
    await engine.sync_once()
    cache = psession.cache
    me = psession.state().person_id
    assert me
    space = first_of(cache, "SELECT space_id FROM membership WHERE person_id = ? "
                            "ORDER BY space_id", me)
    target_post = first_of(cache, "SELECT id FROM post WHERE author_id != ? AND space_id = ? "
                                  "ORDER BY id", me, space)
    colleague = first_of(cache, "SELECT id FROM person WHERE id != ? AND id NOT IN "
                                "(SELECT to_id FROM connection WHERE from_id = ?) ORDER BY id",
                         me, me)
    reader = psession.open_reader()
    try:
        await write_and_take_back(psession, engine, client, reader, me, space, target_post,
                                  colleague)
    finally:
        await client.close()
        reader.close()


async def write_and_take_back(psession: ProfileSession, engine: Any, client: KontorClient,
                              reader: Cache, me: str, space: str, target_post: str,
                              colleague: str) -> None:
    cache = psession.cache
    seen = Seen(reader, me, space, target_post, colleague)
    engine.subscribe(lambda event: seen.look(type(event).__name__))
    watch_requests(client, seen.look)

    seen.post_id = queue_post(cache, space, "Zwischen Antwort und Abruf sichtbar").id
    seen.reaction_id = queue_reaction(cache, target_post, "🎉").id
    queue_connection(cache, colleague, "Projekt Lindenhof")
    seen.look("queued")
    await engine.sync_once()
    seen.look("synced")
    assert len(seen.steps) > 6
    assert seen.wrong(expected=True) == []
    assert outbox.all_items(cache) == []

    # Taking all three back: none of them comes back for a moment either.
    seen.steps.clear()
    connection = connection_to(cache, me, colleague).connection
    assert connection is not None
    queue_post_delete(cache, seen.post_id)
    queue_reaction_delete(cache, seen.reaction_id)
    queue_connection_delete(cache, connection.id)
    seen.look("queued")
    seen.reaction_id = ""  # no longer the user's: it must not be shown as theirs
    await engine.sync_once()
    seen.look("synced")
    assert seen.wrong(expected=False) == []
    assert outbox.all_items(cache) == []
